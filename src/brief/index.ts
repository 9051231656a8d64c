export { parseBrief } from './parse.js'
