"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.kmsKeyRotation = void 0;
const pipeline_1 = require("../pipeline");
const rule_1 = require("../rule");
/** CP-KMS-2. Customer-managed symmetric keys rotate yearly (or on the period set) when rotation is on. */
exports.kmsKeyRotation = (0, rule_1.defineRule)({
    id: "CP-KMS-2",
    level: "error",
    title: "KMS key without rotation",
    message: "KMS key does not have automatic rotation enabled",
    fix: "Set enable_key_rotation = true on the key (optionally rotation_period_in_days)",
    appliesTo: ["aws_kms_key"],
    check(key) {
        const spec = (0, pipeline_1.str)(key.values.customer_master_key_spec) ?? (0, pipeline_1.str)(key.values.key_spec) ?? "SYMMETRIC_DEFAULT";
        const usage = (0, pipeline_1.str)(key.values.key_usage) ?? "ENCRYPT_DECRYPT";
        if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT") {
            return (0, rule_1.notApplicable)(`${spec} ${usage} keys cannot rotate automatically`);
        }
        const on = key.values.enable_key_rotation === true || key.values.enable_key_rotation === "true";
        return on ? (0, rule_1.compliant)() : (0, rule_1.nonCompliant)(`enable_key_rotation is ${JSON.stringify(key.values.enable_key_rotation ?? "unset")}`);
    },
});
