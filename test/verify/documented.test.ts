import * as fs from "node:fs";
import * as path from "node:path";
import { isGranted, missingConditionalPermissions, missingPermissions, rowForType } from "../../verify/documented/compare";
import { DOCUMENTED, type DocumentedRow } from "../../verify/documented/permissions";

function row(partial: Partial<DocumentedRow>): DocumentedRow {
  return {
    kind: "action",
    id: "Test/AWS/Thing",
    runsAs: "pipeline service role",
    permissions: [],
    evidence: "current-page",
    source: { url: "https://docs.aws.amazon.com/x.html", title: "x" },
    ...partial,
  };
}

describe("missingPermissions", () => {
  const s3 = row({ permissions: ["s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketAcl"] });

  it("returns documented permissions no granted action covers, in the row's order", () => {
    expect(missingPermissions(s3, ["s3:GetObject"])).toEqual(["s3:GetObjectVersion", "s3:GetBucketAcl"]);
    expect(missingPermissions(s3, [])).toEqual(["s3:GetObject", "s3:GetObjectVersion", "s3:GetBucketAcl"]);
  });

  it("expands * in granted patterns", () => {
    expect(missingPermissions(s3, ["s3:GetObject*"])).toEqual(["s3:GetBucketAcl"]);
    expect(missingPermissions(s3, ["s3:*"])).toEqual([]);
    expect(missingPermissions(s3, ["*"])).toEqual([]);
  });

  it("matches whole action names: a pattern without a wildcard is no prefix", () => {
    expect(missingPermissions(s3, ["s3:GetObject", "s3:GetBucket"])).toEqual(["s3:GetObjectVersion", "s3:GetBucketAcl"]);
    expect(missingPermissions(row({ permissions: ["codebuild:StartBuildBatch"] }), ["codebuild:StartBuild"])).toEqual(["codebuild:StartBuildBatch"]);
    expect(missingPermissions(s3, ["*:GetObject"])).toEqual(["s3:GetObjectVersion", "s3:GetBucketAcl"]);
  });

  it("reads ? as exactly one character", () => {
    expect(missingPermissions(row({ permissions: ["s3:GetObject"] }), ["s3:GetObjec?"])).toEqual([]);
    expect(missingPermissions(row({ permissions: ["s3:GetObjects"] }), ["s3:GetObjec?"])).toEqual(["s3:GetObjects"]);
    expect(missingPermissions(row({ permissions: ["s3:GetObject"] }), ["s3:GetObj?"])).toEqual(["s3:GetObject"]);
  });

  it("treats regular-expression characters in patterns literally", () => {
    expect(missingPermissions(row({ permissions: ["s3:GetObject"] }), ["s3:Get.bject"])).toEqual(["s3:GetObject"]);
    expect(missingPermissions(row({ permissions: ["s3:GetObject"] }), ["s3:Get(Object)"])).toEqual(["s3:GetObject"]);
  });

  it("compares action names case-insensitively", () => {
    expect(missingPermissions(s3, ["S3:getobject", "s3:GETOBJECTVERSION", "s3:getbucket*"])).toEqual([]);
  });

  it("covers a documented wildcard only with a pattern at least as broad", () => {
    const beanstalk = row({ permissions: ["ec2:*"] });
    expect(missingPermissions(beanstalk, ["ec2:Describe*"])).toEqual(["ec2:*"]);
    expect(missingPermissions(beanstalk, ["ec2:*"])).toEqual([]);
  });

  it("skips permissions the row declares deliberately not granted, and only those", () => {
    const codebuild = row({
      permissions: ["codebuild:StartBuild", "codebuild:StartBuildBatch", "codebuild:BatchGetBuildBatches"],
      deliberatelyNotGranted: [{ action: "CodeBuild:StartBuildBatch", reason: "only with BatchEnabled" }],
    });
    expect(missingPermissions(codebuild, ["codebuild:StartBuild"])).toEqual(["codebuild:BatchGetBuildBatches"]);
  });

  it("reports conditional permission sets apart", () => {
    const deploy = row({
      permissions: ["s3:PutObject"],
      conditional: [{ permissions: ["s3:GetObjectTagging", "s3:PutObjectTagging"], when: "objects have tags", source: { url: "https://x", title: "x" } }],
    });
    expect(missingPermissions(deploy, ["s3:PutObject"])).toEqual([]);
    expect(missingConditionalPermissions(deploy, ["s3:PutObject", "s3:PutObjectTagging"])).toEqual([
      { when: "objects have tags", missing: ["s3:GetObjectTagging"] },
    ]);
    expect(missingConditionalPermissions(deploy, ["s3:*"])).toEqual([]);
  });

  it("isGranted agrees with missingPermissions", () => {
    expect(isGranted("sns:Publish", ["sns:Pub*"])).toBe(true);
    expect(isGranted("sns:Publish", ["sns:PublishBatch"])).toBe(false);
  });
});

describe("rowForType", () => {
  it("finds rows by category, owner and provider", () => {
    expect(rowForType("Source", "AWS", "S3")?.id).toBe("Source/AWS/S3");
    expect(rowForType("Deploy", "AWS", "S3")?.id).toBe("Deploy/AWS/S3");
    expect(rowForType("Test", "AWS", "CodeBuild")?.id).toBe("Build/AWS/CodeBuild");
    expect(rowForType("Build", "Custom", "AcmeLegacyBuild")?.id).toBe("*/Custom/*");
    expect(rowForType("Rule", "AWS", "CloudWatchAlarm")?.id).toBe("Rule/AWS/CloudWatchAlarm");
    expect(rowForType("Deploy", "AWS", "OpsWorks")).toBeUndefined();
  });
});

describe("DOCUMENTED", () => {
  it("has unique ids", () => {
    const ids = DOCUMENTED.map((r) => r.id);
    expect(ids.filter((id, i) => ids.indexOf(id) !== i)).toEqual([]);
  });

  it.each(DOCUMENTED.map((r) => [r.id, r] as const))("%s names its source and its permissions, or why there are none", (_id, r) => {
    expect(r.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/\S+$/);
    expect(r.source.title.trim()).not.toBe("");
    if (r.permissions.length === 0) {
      expect(r.noPermissionsReason?.trim()).toBeTruthy();
      expect(r.evidence).toBe("none-documented");
    } else {
      expect(r.noPermissionsReason).toBeUndefined();
      for (const p of r.permissions) expect(p).toMatch(/^[a-z0-9-]+:[A-Za-z0-9*?]+$/);
    }
    if (r.evidence === "archived-page") expect(`${r.source.title} ${r.source.note ?? ""}`).toMatch(/archived/);
    for (const o of r.deliberatelyNotGranted ?? []) {
      expect(r.permissions).toContain(o.action);
      expect(o.reason.trim()).not.toBe("");
    }
    const conditional = (r.conditional ?? []).flatMap((c) => c.permissions);
    for (const u of r.unscopable ?? []) expect([...r.permissions, ...conditional]).toContain(u);
    if (r.unscopable?.length) {
      expect(r.unscopableSource?.length).toBeGreaterThan(0);
      for (const s of r.unscopableSource ?? []) expect(s.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\/service-authorization\//);
    }
    for (const role of r.roles ?? []) expect(role.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
    for (const c of r.conditional ?? []) expect(c.source.url).toMatch(/^https:\/\/docs\.aws\.amazon\.com\//);
  });

  // The product's action and rule types, read from the modules: a new type needs its row here.
  it("has a row for every action provider and rule provider the pipeline module supports", () => {
    const root = path.join(__dirname, "../../modules/pipeline");
    const actionsDir = path.join(root, "actions");
    const providers = new Set<string>();
    for (const file of fs.readdirSync(actionsDir)) {
      for (const m of fs.readFileSync(path.join(actionsDir, file), "utf8").matchAll(/(?:provider: |sourceType\()"([A-Za-z0-9]+)"/g)) providers.add(m[1]!);
    }
    expect(providers.size).toBeGreaterThan(10);
    for (const p of providers) expect(DOCUMENTED.some((r) => r.type?.provider === p)).toBe(true);

    const conditions = fs.readFileSync(path.join(root, "triggers-conditions.ts"), "utf8");
    const ruleList = /const RULE_PROVIDERS[^=]*=\s*\[([^\]]*)\]/.exec(conditions)?.[1] ?? "";
    const rules = [...ruleList.matchAll(/"([A-Za-z]+)"/g)].map((m) => m[1]!);
    expect(rules.length).toBe(6);
    for (const p of rules) expect(rowForType("Rule", "AWS", p)).toBeDefined();
  });
});

describe("mode-dependent rows", () => {
  it("name, per mode, only permissions of the row's documented list", () => {
    for (const row of DOCUMENTED.filter((r) => r.byConfiguration)) {
      const documented = new Set(row.permissions.map((p) => p.toLowerCase()));
      for (const [mode, subset] of Object.entries(row.byConfiguration!.subsets)) {
        expect({ row: row.id, mode, extra: subset.filter((p) => !documented.has(p.toLowerCase())) }).toEqual({ row: row.id, mode, extra: [] });
      }
    }
  });

  it("require only the mode's part of the list", () => {
    const row = DOCUMENTED.find((r) => r.id === "Deploy/AWS/CloudFormation")!;
    const executeOnly = [
      "cloudformation:ExecuteChangeSet",
      "cloudformation:DescribeChangeSet",
      "cloudformation:DescribeStacks",
      "cloudformation:DescribeStackEvents",
    ];
    expect(missingPermissions(row, executeOnly, { ActionMode: "CHANGE_SET_EXECUTE" })).toEqual([]);
    expect(missingPermissions(row, executeOnly, { ActionMode: "CREATE_UPDATE" })).toEqual([
      "cloudformation:CreateStack",
      "cloudformation:UpdateStack",
      "cloudformation:ValidateTemplate",
      "iam:PassRole",
    ]);
  });
});
