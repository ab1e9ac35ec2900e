"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __exportStar = (this && this.__exportStar) || function(m, exports) {
    for (var p in m) if (p !== "default" && !Object.prototype.hasOwnProperty.call(exports, p)) __createBinding(exports, m, p);
};
Object.defineProperty(exports, "__esModule", { value: true });
exports.AppModel = exports.RULE_FAILURE = exports.UNKNOWN_SUPPRESSION = exports.UNUSED_SUPPRESSION = exports.evaluateGuardrails = exports.MIN_REASON_LENGTH = exports.SUPPRESSION_METADATA = exports.suppressionsUnder = exports.suppressRule = exports.annotationText = exports.constructPaths = exports.renderStacks = exports.formatGuardrailReport = exports.runGuardrails = exports.CodePipelineGuardrails = void 0;
// Public API of the CodePipeline guardrails: the rule contract, the rules, the pack (aspect and
// runner), suppressions, and the pure evaluator over synthesized JSON.
__exportStar(require("./rule"), exports);
__exportStar(require("./rules"), exports);
var pack_1 = require("./pack");
Object.defineProperty(exports, "CodePipelineGuardrails", { enumerable: true, get: function () { return pack_1.CodePipelineGuardrails; } });
Object.defineProperty(exports, "runGuardrails", { enumerable: true, get: function () { return pack_1.runGuardrails; } });
Object.defineProperty(exports, "formatGuardrailReport", { enumerable: true, get: function () { return pack_1.formatGuardrailReport; } });
Object.defineProperty(exports, "renderStacks", { enumerable: true, get: function () { return pack_1.renderStacks; } });
Object.defineProperty(exports, "constructPaths", { enumerable: true, get: function () { return pack_1.constructPaths; } });
Object.defineProperty(exports, "annotationText", { enumerable: true, get: function () { return pack_1.annotationText; } });
var suppress_1 = require("./suppress");
Object.defineProperty(exports, "suppressRule", { enumerable: true, get: function () { return suppress_1.suppressRule; } });
Object.defineProperty(exports, "suppressionsUnder", { enumerable: true, get: function () { return suppress_1.suppressionsUnder; } });
Object.defineProperty(exports, "SUPPRESSION_METADATA", { enumerable: true, get: function () { return suppress_1.SUPPRESSION_METADATA; } });
Object.defineProperty(exports, "MIN_REASON_LENGTH", { enumerable: true, get: function () { return suppress_1.MIN_REASON_LENGTH; } });
var engine_1 = require("./engine");
Object.defineProperty(exports, "evaluateGuardrails", { enumerable: true, get: function () { return engine_1.evaluateGuardrails; } });
Object.defineProperty(exports, "UNUSED_SUPPRESSION", { enumerable: true, get: function () { return engine_1.UNUSED_SUPPRESSION; } });
Object.defineProperty(exports, "UNKNOWN_SUPPRESSION", { enumerable: true, get: function () { return engine_1.UNKNOWN_SUPPRESSION; } });
Object.defineProperty(exports, "RULE_FAILURE", { enumerable: true, get: function () { return engine_1.RULE_FAILURE; } });
var model_1 = require("./model");
Object.defineProperty(exports, "AppModel", { enumerable: true, get: function () { return model_1.AppModel; } });
