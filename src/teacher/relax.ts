// FIRE relaxation moved to src/dynamics/relax.ts (it serves any Calculator); kept for old imports.
export * from "../dynamics/relax.js";
