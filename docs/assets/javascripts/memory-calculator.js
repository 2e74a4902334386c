// The memory calculator on /tools/memory/: the formulas of hooks/kb/memory.py, in the browser.
// tests/test_memory_calculator.py compares this file's numbers with the Python module's on a grid
// of inputs; change both together. Model architectures come from the page's own table
// (#table-memory_architectures, rendered at build time from data/models.yml); nothing is fetched.
(function () {
  "use strict";

  var GIB = 1073741824;
  var HALF = 2, FP32 = 4, INT8 = 1;
  var NF4 = 0.5 + 0.5 / 8;
  var NF4_DOUBLE_QUANT = 0.5 + (8 / 64 + 32 / (64 * 256)) / 8;
  var ADAM_STATES = 2 * FP32, ADAM8_STATES = 2, MASTER_WEIGHTS = FP32, ADAPTER_WEIGHT = FP32;
  var LOGIT_BYTES = HALF + FP32 + FP32;
  var OVERHEAD = GIB;
  var GPU_SIZES = [16, 24, 48, 80];
  var TERMS = ["weights", "trainable_states", "activations", "logits", "overhead"];

  function InputError(field, message) { this.field = field; this.message = message; }

  function headSize(a) { return a.head_dim || Math.floor(a.hidden_size / a.heads); }
  function expertSize(a) { return a.moe_intermediate_size || a.intermediate_size; }
  function attentionParams(a) {
    var q = a.heads * headSize(a), kv = a.kv_heads * headSize(a);
    return a.hidden_size * (q + 2 * kv) + q * a.hidden_size;
  }
  function mlpParams(a) { return 3 * a.hidden_size * a.intermediate_size; }
  function expertParams(a) { return a.experts * 3 * a.hidden_size * expertSize(a) + a.hidden_size * a.experts; }
  function embeddingParams(a) { return a.vocab_size * a.hidden_size * (a.tied_embeddings ? 1 : 2); }
  function normParams(a) { return (2 * a.layers + 1) * a.hidden_size; }
  function totalParams(a) {
    var perLayer = attentionParams(a) + (a.experts ? expertParams(a) : mlpParams(a));
    return a.layers * perLayer + embeddingParams(a) + normParams(a);
  }
  function linearShapes(a, targets) {
    var h = a.hidden_size, q = a.heads * headSize(a), kv = a.kv_heads * headSize(a);
    var shapes = [[h, q], [h, kv], [h, kv], [q, h]];
    if (targets === "all-linear" && !a.experts) {
      var i = a.intermediate_size;
      shapes.push([h, i], [h, i], [i, h]);
    }
    return shapes;
  }
  function adapterParams(a, s) {
    var perLayer = 0;
    linearShapes(a, s.targets).forEach(function (shape) {
      perLayer += s.rank * (shape[0] + shape[1]);
      if (s.method === "dora") perLayer += shape[1];
    });
    return a.layers * perLayer;
  }
  function weightBytes(a, s) {
    var total = totalParams(a);
    if (s.precision === "bf16" || s.precision === "fp16") {
      var size = total * HALF;
      return s.zero === 3 ? size / s.gpus : size;
    }
    var linear = a.layers * (attentionParams(a) + (a.experts ? 0 : mlpParams(a)));
    var perWeight = s.precision === "int8" ? INT8 : (s.double_quant ? NF4_DOUBLE_QUANT : NF4);
    return linear * perWeight + (total - linear) * (s.kbit_fp32_upcast ? FP32 : HALF);
  }
  function trainableBytes(a, s) {
    var moments = s.optimizer === "adamw" ? ADAM_STATES : ADAM8_STATES;
    var n, weight, grad, states;
    if (s.method === "full") { n = totalParams(a); weight = 0; grad = HALF; states = MASTER_WEIGHTS + moments; }
    else { n = adapterParams(a, s); weight = ADAPTER_WEIGHT; grad = ADAPTER_WEIGHT; states = moments; }
    if (s.zero >= 1) states /= s.gpus;
    if (s.zero >= 2) grad /= s.gpus;
    if (s.zero >= 3) weight /= s.gpus;
    return [n * (weight + grad + states), n];
  }
  function layerActivationElements(a) {
    var h = a.hidden_size, q = a.heads * headSize(a), kv = a.kv_heads * headSize(a);
    var attention = 2 * h + q + 2 * kv + q;
    var mlp = a.experts ? 2 * h + a.experts_active * 4 * expertSize(a) + a.experts : 2 * h + 4 * a.intermediate_size;
    return attention + mlp;
  }
  function activationBytes(a, s) {
    var tokens = s.seq_len * s.batch;
    var oneLayer = tokens * layerActivationElements(a) * HALF;
    return s.grad_ckpt ? a.layers * tokens * a.hidden_size * HALF + oneLayer : a.layers * oneLayer;
  }

  var POSITIVE = ["layers", "hidden_size", "heads", "kv_heads", "intermediate_size", "vocab_size"];
  function check(a, s) {
    POSITIVE.forEach(function (k) { if (!(a[k] > 0)) throw new InputError(k, "positive"); });
    if (a.head_dim !== null && !(a.head_dim > 0)) throw new InputError("head_dim", "positive");
    if (a.kv_heads > a.heads || a.heads % a.kv_heads) throw new InputError("kv_heads", "divide");
    if (a.head_dim === null && a.hidden_size % a.heads) throw new InputError("heads", "head_dim");
    if (a.experts < 0 || a.experts_active < 0) throw new InputError("experts", "positive");
    if (Boolean(a.experts) !== Boolean(a.experts_active)) throw new InputError("experts", "both");
    if (a.experts_active > a.experts) throw new InputError("experts_active", "larger");
    ["seq_len", "batch", "gpus"].forEach(function (k) { if (!(s[k] > 0)) throw new InputError(k, "positive"); });
    if (s.method === "full" && s.precision !== "bf16" && s.precision !== "fp16") throw new InputError("precision", "full");
    if (s.method === "qlora" && s.precision !== "nf4") throw new InputError("precision", "qlora");
    if (s.method === "lora" && s.precision === "nf4") throw new InputError("precision", "lora");
    if (s.method !== "full") {
      if (!(s.rank > 0)) throw new InputError("rank", "positive");
      if (s.rank > a.hidden_size) throw new InputError("rank", "hidden");
    }
    if (s.zero && s.gpus < 2) throw new InputError("zero", "gpus");
    if (s.zero === 3 && (s.precision === "int8" || s.precision === "nf4")) throw new InputError("zero", "quantized");
  }

  function estimate(a, s) {
    check(a, s);
    var t = trainableBytes(a, s);
    var r = {
      weights: weightBytes(a, s),
      trainable_states: t[0],
      activations: activationBytes(a, s),
      logits: s.seq_len * s.batch * a.vocab_size * LOGIT_BYTES,
      overhead: OVERHEAD,
      params: totalParams(a),
      trainable_params: t[1]
    };
    r.total = TERMS.reduce(function (sum, k) { return sum + r[k]; }, 0);
    return r;
  }

  // Exposed for the browser test and for readers' consoles.
  window.kbMemory = { estimate: estimate, InputError: InputError, GIB: GIB };

  // ── The page ───────────────────────────────────────────────────────────────
  var form = document.getElementById("kb-memory-form");
  if (!form) return;
  var ARCH_FIELDS = ["layers", "hidden_size", "heads", "kv_heads", "head_dim", "intermediate_size", "vocab_size", "experts", "experts_active", "moe_intermediate_size"];
  var URL_KEYS = {
    model: "model", method: "method", precision: "precision", optimizer: "optimizer", seq: "seq_len",
    batch: "batch", ckpt: "grad_ckpt", rank: "rank", targets: "targets", dq: "double_quant",
    gpus: "gpus", zero: "zero"
  };

  // Column order of the memory_architectures table (kb.registry); values are in data-kb-sort.
  var TABLE_KEYS = ["name", "layers", "hidden_size", "heads", "kv_heads", "head_dim", "intermediate_size", "vocab_size", "tied_embeddings", "experts", "experts_active", "moe_intermediate_size"];

  function readModels() {
    var models = {};
    var table = document.getElementById("table-memory_architectures");
    if (!table) return models;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (tr) {
      var id = tr.id.split("--").pop();
      var m = { name: tr.cells[0].textContent.trim() };
      TABLE_KEYS.forEach(function (key, i) {
        if (key === "name") return;
        var v = tr.cells[i].getAttribute("data-kb-sort");
        if (key === "tied_embeddings") m[key] = v === "1";
        else if (key === "experts" || key === "experts_active") m[key] = v ? Number(v) : 0;
        else m[key] = v ? Number(v) : null;
      });
      models[id] = m;
    });
    return models;
  }

  var models = readModels();
  var el = function (name) { return form.elements.namedItem(name); };
  var select = el("model");
  Object.keys(models).forEach(function (id) {
    var option = document.createElement("option");
    option.value = id;
    option.textContent = models[id].name;
    select.insertBefore(option, select.lastElementChild);
  });
  var custom = document.getElementById("kb-memory-arch");
  var result = document.getElementById("kb-memory-result");
  var status = document.getElementById("kb-memory-status");
  var t = function (key) { return form.getAttribute("data-t-" + key) || key; };

  function num(name) { var v = el(name).value.trim(); return v === "" ? null : Number(v); }

  function architecture() {
    if (select.value !== "custom") return models[select.value];
    var a = {};
    ARCH_FIELDS.forEach(function (k) { a[k] = num(k); });
    a.experts = a.experts || 0;
    a.experts_active = a.experts_active || 0;
    a.tied_embeddings = el("tied_embeddings").checked;
    return a;
  }

  function setup() {
    return {
      method: el("method").value, precision: el("precision").value, optimizer: el("optimizer").value,
      seq_len: num("seq_len"), batch: num("batch"), grad_ckpt: el("grad_ckpt").checked, rank: num("rank"),
      targets: el("targets").value, double_quant: el("double_quant").checked, kbit_fp32_upcast: true,
      gpus: num("gpus"), zero: Number(el("zero").value)
    };
  }

  function fmt(bytes) { return (bytes / GIB).toFixed(2); }

  function writeUrl() {
    var params = new URLSearchParams();
    Object.keys(URL_KEYS).forEach(function (key) {
      var input = el(URL_KEYS[key]);
      params.set(key, input.type === "checkbox" ? (input.checked ? "1" : "0") : input.value);
    });
    if (select.value === "custom") {
      ARCH_FIELDS.concat(["tied_embeddings"]).forEach(function (k) {
        var input = el(k);
        var v = input.type === "checkbox" ? (input.checked ? "1" : "0") : input.value.trim();
        if (v !== "") params.set(k, v);
      });
    }
    history.replaceState(null, "", "?" + params.toString() + location.hash);
  }

  function readUrl() {
    var params = new URLSearchParams(location.search);
    if (params.get("method") === "qlora" && !params.get("precision")) el("precision").value = "nf4";
    Object.keys(URL_KEYS).forEach(function (key) {
      if (!params.has(key)) return;
      var input = el(URL_KEYS[key]);
      if (input.type === "checkbox") input.checked = params.get(key) === "1";
      else if (key !== "model" || params.get(key) === "custom" || models[params.get(key)]) input.value = params.get(key);
    });
    ARCH_FIELDS.concat(["tied_embeddings"]).forEach(function (k) {
      if (!params.has(k)) return;
      var input = el(k);
      if (input.type === "checkbox") input.checked = params.get(k) === "1";
      else input.value = params.get(k);
    });
  }

  function update() {
    custom.hidden = select.value !== "custom";
    var a = architecture(), s = setup();
    Array.prototype.forEach.call(form.querySelectorAll("[aria-invalid]"), function (x) { x.removeAttribute("aria-invalid"); });
    var r;
    try {
      r = estimate(a, s);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      var input = el(error.field);
      if (input) input.setAttribute("aria-invalid", "true");
      result.hidden = true;
      status.textContent = t("error") + " " + t("field-" + error.field) + ": " + t("why-" + error.message);
      writeUrl();
      return;
    }
    TERMS.forEach(function (k) { document.getElementById("kb-memory-" + k).textContent = fmt(r[k]); });
    document.getElementById("kb-memory-total").textContent = fmt(r.total);
    var gib = r.total / GIB;
    var fits = GPU_SIZES.filter(function (size) { return gib <= size; });
    var fitText = fits.length ? t("fits").replace("{size}", fits[0]) : t("fits-none");
    document.getElementById("kb-memory-fits").textContent = fitText;
    result.hidden = false;
    status.textContent = t("total").replace("{total}", fmt(r.total)) + " " + fitText;
    writeUrl();
  }

  readUrl();
  form.hidden = false;
  form.addEventListener("input", update);
  form.addEventListener("change", update);
  form.addEventListener("submit", function (event) { event.preventDefault(); update(); });
  update();
})();
