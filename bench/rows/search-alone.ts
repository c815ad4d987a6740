import { searchRows } from './search';

/**
 * The search rows, run as a Node process of their own (see
 * searchRowsInOwnProcess): prints the rows as JSON on standard output.
 */
process.stdout.write(JSON.stringify(searchRows({ quick: process.argv.includes('--quick') })));
