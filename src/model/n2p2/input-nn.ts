// n2p2 settings file `input.nn`: tokenising, the keyword table, and the settings a 2G-HDNNP
// (short-range Behler–Parrinello potential) needs for prediction.
//
// Syntax (n2p2 Settings::parseLines): one keyword per line, arguments after it; everything from
// `#` or `!` to the end of the line is a comment. `symfunction_short` and `atom_energy` may repeat;
// any other keyword given twice is an error (n2p2 reports it as a critical problem too).
//
// Keywords that change the prediction and are read here:
//   number_of_elements, elements, atom_energy <el> <E>, cutoff_type <type> [<alpha>],
//   symfunction_short ..., scale_symmetry_functions, center_symmetry_functions,
//   scale_symmetry_functions_sigma, scale_min_short, scale_max_short,
//   global_hidden_layers_short, global_nodes_short, global_activation_short,
//   mean_energy, conv_energy, conv_length (+ conv_charge, which newer n2p2 requires with them),
//   nnp_type (must be the short-range 2G-HDNNP).
// Keywords that only steer n2p2's training (TRAINING_ONLY below) are ignored with a warning.
// Everything else — normalize_nodes, per-element architectures, 4G/charge keywords, typos — is an
// error naming the file and line, because ignoring it could change the energies silently.

/** One keyword line. `line` is 1-based. */
export interface SettingLine {
  keyword: string;
  args: string[];
  line: number;
}

/** Keywords of n2p2's training programs: they do not change a trained model's predictions. */
export const TRAINING_ONLY: ReadonlySet<string> = new Set([
  "random_seed", "test_fraction", "epochs", "use_short_forces", "short_energy_error_threshold",
  "short_force_error_threshold", "rmse_threshold", "rmse_threshold_energy", "rmse_threshold_force",
  "rmse_threshold_trials", "short_energy_fraction", "short_force_fraction", "use_old_weights_short",
  "weights_min", "weights_max", "nguyen_widrow_weights_short", "precondition_weights", "write_trainpoints",
  "write_trainforces", "write_weights_epoch", "write_neuronstats", "write_trainlog", "repeated_energy_update",
  "updater_type", "parallel_mode", "jacobian_mode", "update_strategy", "selection_mode",
  "task_batch_size_energy", "task_batch_size_force", "gradient_type", "gradient_eta", "gradient_adam_eta",
  "gradient_adam_beta1", "gradient_adam_beta2", "gradient_adam_epsilon", "kalman_type", "kalman_epsilon",
  "kalman_eta", "kalman_etatau", "kalman_etamax", "kalman_q0", "kalman_qtau", "kalman_qmin",
  "kalman_lambda_short", "kalman_nue_short", "memorize_symfunc_results", "force_weight",
  "main_error_metric", "force_energy_ratio", "short_energy_error_threshold", "write_symfunc",
]);

/** Keywords that shape the prediction and are understood by the importer. */
export const PREDICTION_KEYWORDS: ReadonlySet<string> = new Set([
  "number_of_elements", "elements", "atom_energy", "cutoff_type", "symfunction_short",
  "scale_symmetry_functions", "center_symmetry_functions", "scale_symmetry_functions_sigma",
  "scale_min_short", "scale_max_short", "global_hidden_layers_short", "global_nodes_short",
  "global_activation_short", "mean_energy", "conv_energy", "conv_length", "conv_charge", "nnp_type",
]);

const REPEATABLE = new Set(["symfunction_short", "atom_energy"]);

/** Split input.nn text into keyword lines (comments and blank lines dropped). */
export function tokeniseInputNn(text: string): SettingLine[] {
  const out: SettingLine[] = [];
  text.split(/\r?\n/).forEach((raw, q) => {
    const body = raw.replace(/[#!].*/, "").trim();
    if (body === "") return;
    const [keyword, ...args] = body.split(/\s+/);
    out.push({ keyword, args, line: q + 1 });
  });
  return out;
}

/** The keyword lines by keyword; throws on unknown keywords and forbidden repeats. */
export interface InputNn {
  filename: string;
  lines: SettingLine[];
  /** Training keywords that were skipped, and one message naming them (empty when none). */
  ignored: SettingLine[];
  warnings: string[];
  get(keyword: string): SettingLine | undefined;
  all(keyword: string): SettingLine[];
}

export function readInputNn(text: string, filename = "input.nn"): InputNn {
  const lines = tokeniseInputNn(text);
  const ignored: SettingLine[] = [];
  const seen = new Map<string, number>();
  const kept: SettingLine[] = [];
  for (const l of lines) {
    const where = `${filename}:${l.line}`;
    if (TRAINING_ONLY.has(l.keyword)) {
      ignored.push(l);
      continue;
    }
    if (!PREDICTION_KEYWORDS.has(l.keyword)) {
      throw new Error(`${where}: keyword '${l.keyword}' is not supported by aemap's n2p2 import ` +
        `(supported: ${[...PREDICTION_KEYWORDS].join(", ")}; training keywords are ignored)`);
    }
    if (!REPEATABLE.has(l.keyword) && seen.has(l.keyword)) {
      throw new Error(`${where}: keyword '${l.keyword}' given twice (first on line ${seen.get(l.keyword)})`);
    }
    seen.set(l.keyword, l.line);
    kept.push(l);
  }
  const warnings = ignored.length === 0 ? [] : [`${filename}: ignored ${ignored.length} training keyword(s) that do not change predictions: ` +
    ignored.map((l) => `${l.keyword} (line ${l.line})`).join(", ")];
  return {
    filename, lines: kept, ignored, warnings,
    get: (k) => kept.find((l) => l.keyword === k),
    all: (k) => kept.filter((l) => l.keyword === k),
  };
}

/** A number argument, or an error naming file, line and field. */
export function numberArg(s: InputNn, l: SettingLine, index: number, field: string): number {
  const tok = l.args[index];
  const x = tok === undefined ? NaN : Number(tok);
  if (tok === undefined || !Number.isFinite(x)) {
    throw new Error(`${s.filename}:${l.line}: ${l.keyword}: ${field}: expected a number, got ${tok === undefined ? "nothing" : `'${tok}'`}`);
  }
  return x;
}

/** Shortest text that parses back to the same double (C's atof reads it too). */
export function fmt(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`cannot write non-finite number ${x}`);
  return x.toExponential(16).replace("e+", "E+").replace("e-", "E-");
}
