import { AWS_NAMES, boundedName, fitName, type NameRule } from "../../modules/shared/names";

describe("fitName", () => {
  it("keeps a name the rule accepts as it is", () => {
    expect(fitName("acme-orders-service-failed", AWS_NAMES.eventRule)).toBe("acme-orders-service-failed");
    expect(fitName("acme-orders.service-failed", AWS_NAMES.eventRule)).toBe("acme-orders.service-failed");
    expect(fitName("a".repeat(64), AWS_NAMES.eventRule)).toBe("a".repeat(64));
  });

  it("replaces the characters the rule rejects and ends the name in a hash of the original", () => {
    const topic = fitName("acme-orders.service@v2-events", AWS_NAMES.snsTopic);
    expect(topic).toMatch(/^acme-orders-service-v2-events-[0-9a-f]{8}$/);
    // "@" is no EventBridge rule character, "." is.
    expect(fitName("acme-orders.service@v2-failed", AWS_NAMES.eventRule)).toMatch(/^acme-orders\.service-v2-failed-[0-9a-f]{8}$/);
  });

  it("keeps names distinct that differ only in a replaced character, or from a name that was fine", () => {
    const names = ["acme-a.b", "acme-a@b", "acme-a-b", "acme-a_b"].map((n) => fitName(n, AWS_NAMES.sqsQueue));
    expect(new Set(names).size).toBe(4);
    expect(names[2]).toBe("acme-a-b");
  });

  it("cuts a name to the rule's length, deterministically, distinctly, as boundedName does", () => {
    const a = fitName(`${"p".repeat(90)}1`, AWS_NAMES.sqsQueue);
    const b = fitName(`${"p".repeat(90)}2`, AWS_NAMES.sqsQueue);
    expect([a.length, b.length]).toEqual([80, 80]);
    expect(a).not.toBe(b);
    expect(fitName(`${"p".repeat(90)}1`, AWS_NAMES.sqsQueue)).toBe(a);
    expect(a).toBe(boundedName(`${"p".repeat(90)}1`, 80));
    expect(fitName(`${"p.".repeat(100)}`, AWS_NAMES.notificationRule)).toMatch(/^[A-Za-z0-9 _-]{64}$/);
  });

  it("gives a name that must start with a letter or digit one", () => {
    expect(fitName("_build", AWS_NAMES.codeBuildProject)).toMatch(/^x_build-[0-9a-f]{8}$/);
    expect(fitName("", AWS_NAMES.snsTopic)).toMatch(/^x-[0-9a-f]{8}$/);
  });

  it("produces only names every rule accepts, whatever the input", () => {
    const inputs = ["a.b@c", "@@@", ".", "x".repeat(300), "ä-ö", "a b", `${"a.@".repeat(60)}`];
    for (const [key, rule] of Object.entries(AWS_NAMES)) {
      for (const input of inputs) {
        const out = fitName(input, rule);
        const first = "first" in rule ? rule.first : rule.allowed;
        expect([key, out.length <= rule.max && first.test(out[0]!) && [...out].every((c) => rule.allowed.test(c))]).toEqual([key, true]);
      }
    }
  });
});

// Every name kind's length limit, at the limit (kept as given) and one past it (cut to fit, with a hash:
// still accepted by the rule, the same on every run, and distinct from its neighbours).
describe("name lengths at their edge", () => {
  const accepts = (rule: NameRule, name: string) => {
    const first = rule.first ?? rule.allowed;
    return name.length <= rule.max && first.test(name[0]!) && [...name].every((c) => rule.allowed.test(c));
  };
  it.each(Object.entries(AWS_NAMES))("%s: keeps a name of exactly max characters and fits one of max + 1", (_key, rule: NameRule) => {
    const at = "a".repeat(rule.max);
    expect(fitName(at, rule)).toBe(at);
    const past1 = `${"a".repeat(rule.max)}1`;
    const past2 = `${"a".repeat(rule.max)}2`;
    const fitted = fitName(past1, rule);
    expect(fitted).toHaveLength(rule.max);
    expect(fitted).toMatch(new RegExp(`^a{${rule.max - 9}}-[0-9a-f]{8}$`));
    expect(accepts(rule, fitted)).toBe(true);
    expect(fitName(past1, rule)).toBe(fitted);
    expect(fitName(past2, rule)).not.toBe(fitted);
    // A name of max characters that fits is never confused with the fitted longer one.
    expect(fitted).not.toBe(at);
  });

  it("boundedName keeps max characters and cuts max + 1 to max, deterministically", () => {
    expect(boundedName("n".repeat(64), 64)).toBe("n".repeat(64));
    const cut = boundedName("n".repeat(65), 64);
    expect(cut).toMatch(/^n{55}-[0-9a-f]{8}$/);
    expect(boundedName("n".repeat(65), 64)).toBe(cut);
    expect(boundedName(`${"n".repeat(64)}m`, 64)).not.toBe(cut);
  });
});
