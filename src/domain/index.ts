// The domain in one import: records, inputs and error kinds, free of any vendor's or Slack's names.
export * from './contact.js';
export * from './create-choice.js';
export * from './custom-field.js';
export * from './customer.js';
export * from './errors.js';
export * from './mail.js';
