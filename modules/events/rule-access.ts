import { Token } from "cdktf";
import { Construct } from "constructs";
import { sameRegion } from "./common";

/**
 * A resource whose resource policy names exactly the EventBridge rules that registered with it.
 * Rules register after the resource exists, so its policies are built lazily at synth.
 */
export interface RuleGrantee {
  /** Region of the resource; EventBridge only delivers to it from rules in this region. */
  readonly region: string;
  /** Throws unless a rule in `ruleRegion` may use this resource. */
  checkRuleRegion(ruleRegion: string, field: string): void;
  /** Adds a rule to the resource policy (throws on a region mismatch). */
  allowRule(ruleArn: string, ruleRegion: string): void;
  /** The ARNs of the rules registered so far. */
  ruleArns(): string[];
}

/** Registration and region checks shared by the dead-letter queue, target queue and target topic. */
export abstract class RuleAccess extends Construct implements RuleGrantee {
  readonly region: string;
  private readonly registered: string[] = [];

  protected constructor(
    scope: Construct,
    id: string,
    region: string,
    /** What the resource is, for messages ("DLQ", "target queue", ...). */
    private readonly what: string,
    /** The resource's physical name, for messages. */
    private readonly label: string,
  ) {
    super(scope, id);
    this.region = region;
  }

  checkRuleRegion(ruleRegion: string, field: string): void {
    if (sameRegion(ruleRegion, this.region)) return;
    const show = (r: string) => (Token.isUnresolved(r) ? "a region known only at apply" : r);
    // EventBridge delivers across regions only to event buses; queues, topics and DLQs must be
    // in the rule's region (EventBridge user guide, eb-rule-dlq "Considerations", eb-cross-region).
    throw new Error(
      `${field}: ${this.what} must be in the rule's region: the rule is in ${show(ruleRegion)} but ${this.what} "${this.label}" is in ${show(this.region)}; create one in the rule's region (or pass the same region value to both)`,
    );
  }

  allowRule(ruleArn: string, ruleRegion: string): void {
    this.checkRuleRegion(ruleRegion, "allowRule");
    if (!this.registered.includes(ruleArn)) this.registered.push(ruleArn);
  }

  ruleArns(): string[] {
    return [...this.registered];
  }
}
