// Every test file gets the WASM module instantiated from build/aemap.wasm.
import { initWasm } from "../src/node.js";
await initWasm();
