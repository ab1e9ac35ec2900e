import { str } from "../pipeline";
import { compliant, defineRule, nonCompliant, notApplicable } from "../rule";

/** CP-KMS-2. Customer-managed symmetric keys rotate yearly (or on the period set) when rotation is on. */
export const kmsKeyRotation = defineRule({
  id: "CP-KMS-2",
  level: "error",
  title: "KMS key without rotation",
  message: "KMS key does not have automatic rotation enabled",
  fix: "Set enable_key_rotation = true on the key (optionally rotation_period_in_days)",
  appliesTo: ["aws_kms_key"],
  check(key) {
    const spec = str(key.values.customer_master_key_spec) ?? str(key.values.key_spec) ?? "SYMMETRIC_DEFAULT";
    const usage = str(key.values.key_usage) ?? "ENCRYPT_DECRYPT";
    if (spec !== "SYMMETRIC_DEFAULT" || usage !== "ENCRYPT_DECRYPT") {
      return notApplicable(`${spec} ${usage} keys cannot rotate automatically`);
    }
    const on = key.values.enable_key_rotation === true || key.values.enable_key_rotation === "true";
    return on ? compliant() : nonCompliant(`enable_key_rotation is ${JSON.stringify(key.values.enable_key_rotation ?? "unset")}`);
  },
});
