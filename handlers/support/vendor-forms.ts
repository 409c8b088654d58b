// The form options a vendor's capabilities imply, said once for every listener that renders a contact form.
import type { ContactModalOptions } from '../../blocks/contact-modal.js';
import type { VendorCapabilities } from '../../src/vendors/types.js';

export function contactModalOptions(
  caps: VendorCapabilities,
  o: { adding: boolean },
): Pick<
  ContactModalOptions,
  'vendorLabel' | 'emailRequired' | 'lastNameRequired' | 'emailEditable' | 'address' | 'ignoreMode' | 'fields'
> {
  return {
    vendorLabel: caps.label,
    emailRequired: caps.contactEmailRequired,
    lastNameRequired: caps.contactLastNameRequired ?? false,
    // A new contact always takes an email; an existing one only where the vendor lets it change.
    emailEditable: o.adding || caps.editableContactEmail,
    address: caps.contactAddress,
    ignoreMode: caps.contactIgnoreMode ?? false,
    fields: caps.contactFields,
  };
}
