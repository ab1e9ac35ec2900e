"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.RuleAccess = void 0;
const cdktf_1 = require("cdktf");
const constructs_1 = require("constructs");
const common_1 = require("./common");
/** Registration and region checks shared by the dead-letter queue, target queue and target topic. */
class RuleAccess extends constructs_1.Construct {
    what;
    label;
    region;
    registered = [];
    constructor(scope, id, region, 
    /** What the resource is, for messages ("DLQ", "target queue", ...). */
    what, 
    /** The resource's physical name, for messages. */
    label) {
        super(scope, id);
        this.what = what;
        this.label = label;
        this.region = region;
    }
    checkRuleRegion(ruleRegion, field) {
        if ((0, common_1.sameRegion)(ruleRegion, this.region))
            return;
        const show = (r) => (cdktf_1.Token.isUnresolved(r) ? "a region known only at apply" : r);
        // EventBridge delivers across regions only to event buses; queues, topics and DLQs must be
        // in the rule's region (EventBridge user guide, eb-rule-dlq "Considerations", eb-cross-region).
        throw new Error(`${field}: ${this.what} must be in the rule's region: the rule is in ${show(ruleRegion)} but ${this.what} "${this.label}" is in ${show(this.region)}; create one in the rule's region (or pass the same region value to both)`);
    }
    allowRule(ruleArn, ruleRegion) {
        this.checkRuleRegion(ruleRegion, "allowRule");
        if (!this.registered.includes(ruleArn))
            this.registered.push(ruleArn);
    }
    ruleArns() {
        return [...this.registered];
    }
}
exports.RuleAccess = RuleAccess;
