// `node --import ./test/helpers/ts-register.mjs src/....ts`: registers ts-hooks.mjs.
import { register } from "node:module";
register("./ts-hooks.mjs", import.meta.url);
