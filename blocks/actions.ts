// Action and callback ids shared by the views that render buttons and the handlers that answer them.

export const ACTIONS = {
  customerView: 'customer_view',
  customerAddContact: 'customer_add_contact',
  customerEdit: 'customer_edit',
  customerDelete: 'customer_delete',
  customerCreate: 'customer_create',
  contactEdit: 'contact_edit',
  contactDelete: 'contact_delete',
  share: 'card_share',
  openInVendor: 'open_in_vendor',
  customerPicker: 'customer_picker',
  deleteConfirm: 'delete_confirm',
  deleteCancel: 'delete_cancel',
  deleteRestore: 'delete_restore',
  deleteDeactivateInstead: 'delete_deactivate_instead',
  customerExport: 'customer_export',
  archiveRecreate: 'archive_recreate',
  onboardingOpenExisting: 'onboarding_open_existing',
  onboardingRetry: 'onboarding_retry',
  duplicatesPage: 'duplicates_page',
} as const;

/** Shortcuts (the "..." menu of a message, and the global one): their callback ids, a contract with manifest.yml. */
export const SHORTCUTS = {
  findCustomer: 'find_customer',
  addAsContact: 'add_as_contact',
  newCustomer: 'new_customer',
} as const;

/** Workflow Builder steps (manifest `functions`): callback ids and parameter names are a contract. */
export const FUNCTIONS = {
  lookupCustomer: 'lookup_customer',
  createCustomer: 'create_customer',
  addContact: 'add_contact',
} as const;

export const CALLBACKS = {
  contactAdd: 'contact_add',
  contactEdit: 'contact_edit',
  customerEdit: 'customer_edit',
  onboarding: 'onboarding',
  onboardingDuplicates: 'onboarding_duplicates',
} as const;
