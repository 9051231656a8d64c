// A DOM and Readability for the HTML reader, as one module.
export * as linkedom from 'linkedom'
export { Readability } from '@mozilla/readability'
