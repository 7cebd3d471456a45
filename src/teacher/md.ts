// Molecular dynamics moved to src/dynamics/md.ts (it serves any Calculator); kept for old imports.
export * from "../dynamics/md.js";
