export * as yaml from 'yaml'
