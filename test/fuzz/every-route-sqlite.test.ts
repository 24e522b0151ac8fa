// Every route fuzzed on SQLite (./every-route.ts); the other database has a file of its own.
import { fuzzEveryRoute } from './every-route.js';

fuzzEveryRoute('sqlite');
