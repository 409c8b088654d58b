// A required choice a vendor asks for when a customer or contact is created, as the create forms offer it.

/** A required choice a vendor asks for on create, offered in the form (Autotask company type, SuperOps site). */
export interface CreateChoice {
  /** Key in `CustomerCreate.choices` / `ContactCreate.choices`. */
  key: string;
  label: string;
  /** `timezone`: an IANA zone, defaulting to the Slack user's own. */
  kind: 'select' | 'text' | 'timezone' | 'boolean';
  required: boolean;
  /** For `select`. */
  options: { value: string; label: string }[];
  /** What the form starts with (the vendor's default role, the picklist's default value). */
  defaultValue: string | null;
  hint: string | null;
}
