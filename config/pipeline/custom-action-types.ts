import { z } from "zod";
import { quote } from "../primitives";

const count = z.strictObject({ minimumCount: z.number().int().min(0).max(5), maximumCount: z.number().int().min(0).max(5) });

// Mirrors modules/custom-action-type's props; the worker role name comes from the naming helper.
export const customActionTypeSchema = z
  .strictObject({
    category: z.enum(["Source", "Build", "Test", "Deploy", "Approval", "Invoke"]),
    providerName: z.string().regex(/^[A-Za-z0-9_-]{1,35}$/, { error: (i) => `${quote(i.input)} is not a valid provider name (1-35 letters, digits, _ or -)` }),
    version: z
      .string()
      .regex(/^[A-Za-z0-9_-]{1,9}$/, { error: (i) => `${quote(i.input)} is not a valid version (1-9 letters, digits, _ or -)` })
      .describe(
        "1-9 letters, digits, _ or -. A type cannot change under a version: a changed definition needs a version never used before (the lock file next to the landing-zone file records them).",
      ),
    configurationProperties: z
      .array(
        z.strictObject({
          name: z.string().min(1).max(50),
          required: z.boolean().optional(),
          key: z.boolean().optional(),
          secret: z.boolean().optional(),
          queryable: z.boolean().optional(),
          description: z.string().min(1).max(160).optional(),
          type: z.enum(["String", "Number", "Boolean"]).optional(),
        }),
      )
      .max(10)
      .optional()
      .describe("At most 10 configuration properties."),
    inputArtifactDetails: count.optional(),
    outputArtifactDetails: count.optional(),
    settings: z
      .strictObject({
        entityUrlTemplate: z.string().optional(),
        executionUrlTemplate: z.string().optional(),
        revisionUrlTemplate: z.string().optional(),
        thirdPartyConfigurationUrl: z.string().optional(),
      })
      .optional(),
    workerPrincipal: z
      .union([z.strictObject({ service: z.string().regex(/^[a-z0-9.-]+\.amazonaws\.com$/) }), z.strictObject({ roleArn: z.string() })])
      .describe('Who runs the job worker: { "service": "ec2.amazonaws.com" } or { "roleArn": "arn:aws:iam::...:role/..." }.'),
    workerHeartbeatMinutes: z
      .number()
      .int({ error: "give whole minutes" })
      .min(3, { error: "give at least 3 minutes: a worker beats at most once a minute, so a shorter period would alarm on healthy workers" })
      .max(1440, { error: "give at most 1440 minutes (one day, CloudWatch's longest evaluation range for one-minute periods)" })
      .default(10)
      .describe(
        "Minutes without a heartbeat from any job worker of this type before its heartbeat alarm notifies the alarm topic (3-1440; the job-worker library beats at most once a minute, after a successful poll). Missing data counts as no heartbeat, so the alarm also fires while no worker runs. Default 10.",
      ),
  })
  .describe("A custom action type and its job-worker role, in the tools account's primary region.");

export type CustomActionTypeConfig = z.output<typeof customActionTypeSchema>;

/** One entry per category/provider/version: they name the type in CodePipeline and in the lock file. */
export function uniqueCustomActionTypes(types: readonly CustomActionTypeConfig[], ctx: z.core.$RefinementCtx<CustomActionTypeConfig[]>): void {
  const seen = new Map<string, number>();
  types.forEach((t, i) => {
    const key = `${t.category}/${t.providerName}/${t.version}`;
    const first = seen.get(key);
    if (first === undefined) seen.set(key, i);
    else
      ctx.addIssue({
        code: "custom",
        path: [i],
        input: key,
        message: `${key} is already defined by customActionTypes[${first}]; define each version once, and give a changed definition a new version`,
      });
  });
}

/** IAM API reference, CreateRole: a role name has at most 64 characters. */
export const WORKER_ROLE_NAME_MAX = 64;

/**
 * Name of a custom action type's job-worker role (and instance profile), `<landing zone>-cp-worker-
 * <provider>-<version>`: kept readable rather than hashed, because whoever runs the worker names it.
 * stacks/naming.ts builds it with this function; the schema rejects one over {@link WORKER_ROLE_NAME_MAX}.
 */
export function customActionWorkerRoleName(landingZoneName: string, providerName: string, version: string): string {
  return `${landingZoneName}-cp-worker-${providerName}-${version}`;
}
