import { Token } from "cdktf";
import type { CustomActionTypeDefinition } from "../../custom-action-type";
import type { PolicyStatement } from "../../shared/policy";
import { CONFIGURATION_VALUE_MAX } from "../../shared/service-facts";
import { Action, ActionBinding, CommonActionProps } from "../action";

export interface CustomActionProps extends Omit<CommonActionProps, "roleArn" | "region" | "timeoutInMinutes"> {
  /** The action type: a `CustomActionType` construct, or its id, properties and artifact details. */
  readonly actionType: CustomActionTypeDefinition;
  /**
   * Values of the type's configuration properties, by property name. Every required property
   * must be set; names the type does not define are rejected. @default {}
   */
  readonly configuration?: Readonly<Record<string, string>>;
}

/**
 * An action of a custom action type (owner "Custom"): CodePipeline queues a job that the type's
 * job worker picks up with PollForJobs. Runs in the tools account and the pipeline's region,
 * where the type is defined.
 */
export class CustomAction extends Action {
  private readonly configuration: Record<string, string>;
  private readonly typeResource?: CustomActionTypeDefinition["resource"];

  constructor(props: CustomActionProps) {
    const t = props.actionType;
    super(
      {
        category: t.actionTypeId.category,
        owner: "Custom",
        provider: t.actionTypeId.provider,
        version: t.actionTypeId.version,
        artifactBounds: {
          minInputs: t.inputArtifactDetails.minimumCount,
          maxInputs: t.inputArtifactDetails.maximumCount,
          minOutputs: t.outputArtifactDetails.minimumCount,
          maxOutputs: t.outputArtifactDetails.maximumCount,
        },
      },
      props,
    );
    const where = `action "${props.actionName}"`;
    const placement = props as CommonActionProps;
    if (placement.roleArn !== undefined || placement.region !== undefined) {
      throw new Error(`${where}: custom actions run where their action type is defined (the pipeline's account and region); remove roleArn and region`);
    }
    const configuration = { ...(props.configuration ?? {}) };
    const known = new Map(t.configurationProperties.map((p) => [p.name, p]));
    const unknown = Object.keys(configuration).filter((k) => !known.has(k));
    if (unknown.length) {
      throw new Error(
        `${where}: configuration key(s) ${unknown.map((k) => `"${k}"`).join(", ")} are not properties of ${typeName(t)}; it defines ${[...known.keys()].join(", ") || "none"}`,
      );
    }
    const missing = t.configurationProperties.filter((p) => p.required && configuration[p.name] === undefined).map((p) => p.name);
    if (missing.length) {
      throw new Error(`${where}: ${typeName(t)} requires configuration ${missing.map((k) => `"${k}"`).join(", ")}; set them`);
    }
    for (const [k, v] of Object.entries(configuration)) {
      if (typeof v !== "string") throw new Error(`${where}: configuration "${k}" must be a string`);
      if (v.length > CONFIGURATION_VALUE_MAX) throw new Error(`${where}: configuration "${k}" is ${v.length} characters; at most ${CONFIGURATION_VALUE_MAX}`);
      // API ActionConfigurationProperty.queryable: the value is at most 20 letters, digits, _ or -.
      if (known.get(k)!.queryable && !Token.isUnresolved(v) && !/^[A-Za-z0-9_-]{1,20}$/.test(v)) {
        throw new Error(`${where}: configuration "${k}" is queryable, so its value "${v}" must be 1-20 letters, digits, _ or -`);
      }
    }
    this.configuration = configuration;
    if (t.resource) this.typeResource = t.resource;
  }

  override bind(): ActionBinding {
    // The pipeline names the type only by category/provider/version, so Terraform would not wait for it.
    return { configuration: { ...this.configuration }, ...(this.typeResource ? { dependsOn: [this.typeResource] } : {}) };
  }

  /**
   * None: CodePipeline only queues the job. The job worker polls with its own role and gets
   * temporary artifact credentials with each job (PollForJobs), derived from the pipeline role's
   * artifact-store access, which the tools account already grants.
   */
  override runnerPermissions(): PolicyStatement[] {
    return [];
  }
}

function typeName(t: CustomActionTypeDefinition): string {
  const id = t.actionTypeId;
  return `custom action type ${id.category}/${id.provider}/${id.version}`;
}
