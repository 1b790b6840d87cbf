// A script that reports one event and ends on its own, started with
// `--import @faultline/node/register`: nothing in it flushes.
import { captureMessage } from '@faultline/node';

captureMessage('short script finished its work', 'WARNING');
