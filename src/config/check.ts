/**
 * `npm start` runs this before compiling: a configuration that cannot work
 * (no token yet, say) is named at once, not after a build.
 */
import { loadConfigOrExit } from './load.js';

loadConfigOrExit();
