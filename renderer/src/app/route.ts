// Where the user is. A handful of pages, so plain state instead of a router.
export type Route =
  | { page: 'group'; groupId: string }
  | { page: 'shares'; groupId: string }
  | { page: 'transfers' }
  | { page: 'printers'; groupId: string }
  | { page: 'settings' }
