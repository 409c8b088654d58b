// The form options a vendor's capabilities imply, said once for every listener that renders a contact form, and
// the checks the same capabilities put on its submission.
import type { ContactModalOptions } from '../../blocks/contact-modal.js';
import type { VendorCapabilities } from '../../src/vendors/types.js';
import type { ContactFormRules } from '../forms/contact-form.js';

/** What both the rendered form and the check of its submission go by. */
function required(caps: VendorCapabilities, o: { adding: boolean }) {
  return {
    vendorLabel: caps.label,
    emailRequired: caps.contactEmailRequired,
    lastNameRequired: caps.contactLastNameRequired ?? false,
    // A new contact always takes an email; an existing one only where the vendor lets it change.
    emailEditable: o.adding || caps.editableContactEmail,
  };
}

export function contactModalOptions(
  caps: VendorCapabilities,
  o: { adding: boolean },
): Pick<
  ContactModalOptions,
  'vendorLabel' | 'emailRequired' | 'lastNameRequired' | 'emailEditable' | 'address' | 'ignoreMode' | 'fields'
> {
  return {
    ...required(caps, o),
    address: caps.contactAddress,
    ignoreMode: caps.contactIgnoreMode ?? false,
    fields: caps.contactFields,
  };
}

/** What a submitted contact form must hold on this vendor: the rules the form was rendered with. */
export function contactFormRules(caps: VendorCapabilities, o: { adding: boolean }): ContactFormRules {
  // An edit's emptied custom field clears the value.
  return { ...required(caps, o), ...(o.adding ? {} : { editing: true }) };
}
