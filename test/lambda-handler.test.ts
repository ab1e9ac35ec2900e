import { codePipelineHandler, CodePipelineJob, CodePipelineJobClient, MAX_FAILURE_MESSAGE } from "../lambda-handler";

const JOB_ID = "c0d76431-b0e7-xmpl-97e3-e8ee786eb6f6";

function event(over: { userParameters?: string; continuationToken?: string } = {}) {
  return {
    "CodePipeline.job": {
      id: JOB_ID,
      accountId: "111111111111",
      data: {
        actionConfiguration: {
          configuration: { FunctionName: "smoke-test", ...(over.userParameters !== undefined ? { UserParameters: over.userParameters } : {}) },
        },
        inputArtifacts: [{ name: "Source", revision: "abc", location: { type: "S3", s3Location: { bucketName: "b", objectKey: "k/in" } } }],
        outputArtifacts: [{ name: "Report", revision: null, location: { type: "S3", s3Location: { bucketName: "b", objectKey: "k/out" } } }],
        artifactCredentials: { accessKeyId: "AKIA", secretAccessKey: "secret", sessionToken: "token", expirationTime: 1 },
        ...(over.continuationToken !== undefined ? { continuationToken: over.continuationToken } : {}),
      },
    },
  };
}

function mockClient() {
  return {
    putJobSuccessResult: jest.fn<Promise<unknown>, Parameters<CodePipelineJobClient["putJobSuccessResult"]>>().mockResolvedValue({}),
    putJobFailureResult: jest.fn<Promise<unknown>, Parameters<CodePipelineJobClient["putJobFailureResult"]>>().mockResolvedValue({}),
  };
}

const context = (remainingMs = 60_000) => ({ getRemainingTimeInMillis: () => remainingMs, awsRequestId: "req-1" });

describe("codePipelineHandler", () => {
  afterEach(() => jest.useRealTimers());

  it("passes the job to the function and reports success once", async () => {
    const client = mockClient();
    let seen: CodePipelineJob | undefined;
    const handler = codePipelineHandler(
      async (job) => {
        seen = job;
      },
      { client },
    );
    await handler(event({ userParameters: '{"env":"staging"}' }), context());
    expect(seen).toEqual({
      jobId: JOB_ID,
      userParameters: { env: "staging" },
      inputArtifacts: [expect.objectContaining({ name: "Source" })],
      outputArtifacts: [expect.objectContaining({ name: "Report" })],
      artifactCredentials: { accessKeyId: "AKIA", secretAccessKey: "secret", sessionToken: "token", expirationTime: 1 },
    });
    expect(client.putJobSuccessResult.mock.calls).toEqual([[{ jobId: JOB_ID, executionDetails: { externalExecutionId: "req-1" } }]]);
    expect(client.putJobFailureResult).not.toHaveBeenCalled();
  });

  it("hands over UserParameters that are not JSON as the raw string", async () => {
    const client = mockClient();
    const got: unknown[] = [];
    const handler = codePipelineHandler((job) => void got.push(job.userParameters), { client });
    await handler(event({ userParameters: "plain text" }), context());
    await handler(event(), context());
    expect(got).toEqual(["plain text", undefined]);
  });

  it("reports output variables with success", async () => {
    const client = mockClient();
    const handler = codePipelineHandler(() => ({ outputVariables: { Version: "1.2.3" }, executionDetails: { summary: "ok" } }), { client });
    await handler(event(), context());
    expect(client.putJobSuccessResult.mock.calls).toEqual([
      [{ jobId: JOB_ID, outputVariables: { Version: "1.2.3" }, executionDetails: { externalExecutionId: "req-1", summary: "ok" } }],
    ]);
  });

  it("reports failure when the function throws, with the message truncated to 5000 characters", async () => {
    const client = mockClient();
    const handler = codePipelineHandler(
      async () => {
        throw new Error("x".repeat(6000));
      },
      { client },
    );
    await handler(event(), context());
    expect(client.putJobSuccessResult).not.toHaveBeenCalled();
    expect(client.putJobFailureResult).toHaveBeenCalledTimes(1);
    const input = client.putJobFailureResult.mock.calls[0]![0];
    expect(input.jobId).toBe(JOB_ID);
    expect(input.failureDetails.type).toBe("JobFailed");
    expect(input.failureDetails.externalExecutionId).toBe("req-1");
    expect(input.failureDetails.message).toHaveLength(MAX_FAILURE_MESSAGE);
    expect(input.failureDetails.message.endsWith("[truncated]")).toBe(true);
  });

  it("reports a short thrown message unchanged, and non-Error throws as text", async () => {
    const client = mockClient();
    await codePipelineHandler(
      () => {
        throw new Error("smoke test failed");
      },
      { client },
    )(event(), context());
    await codePipelineHandler(() => Promise.reject("plain reason"), { client })(event(), context());
    expect(client.putJobFailureResult.mock.calls.map(([i]) => i.failureDetails.message)).toEqual(["smoke test failed", "plain reason"]);
  });

  it("reports failure before the function's own timeout and never reports again", async () => {
    jest.useFakeTimers();
    const client = mockClient();
    let finish: (() => void) | undefined;
    const handler = codePipelineHandler(() => new Promise<void>((resolve) => (finish = resolve)), { client, safetyMarginMs: 5000 });
    const done = handler(event(), context(20_000));
    await jest.advanceTimersByTimeAsync(14_999);
    expect(client.putJobFailureResult).not.toHaveBeenCalled();
    await jest.advanceTimersByTimeAsync(1);
    await done;
    expect(client.putJobFailureResult).toHaveBeenCalledTimes(1);
    expect(client.putJobFailureResult.mock.calls[0]![0].failureDetails.message).toMatch(/^timed out/);
    finish!();
    await jest.advanceTimersByTimeAsync(60_000);
    expect(client.putJobFailureResult).toHaveBeenCalledTimes(1);
    expect(client.putJobSuccessResult).not.toHaveBeenCalled();
  });

  it("round-trips a continuation token: in progress first, then done", async () => {
    const client = mockClient();
    const tokens: (string | undefined)[] = [];
    const handler = codePipelineHandler(
      (job) => {
        tokens.push(job.continuationToken);
        return job.continuationToken ? { outputVariables: { DeploymentId: job.continuationToken } } : { continuationToken: "deploy-42" };
      },
      { client },
    );
    await handler(event(), context());
    await handler(event({ continuationToken: "deploy-42" }), context());
    expect(tokens).toEqual([undefined, "deploy-42"]);
    expect(client.putJobSuccessResult.mock.calls.map(([i]) => i)).toEqual([
      { jobId: JOB_ID, continuationToken: "deploy-42", executionDetails: { externalExecutionId: "req-1" } },
      { jobId: JOB_ID, outputVariables: { DeploymentId: "deploy-42" }, executionDetails: { externalExecutionId: "req-1" } },
    ]);
  });

  it("fails the job when the function returns a continuation token with output variables", async () => {
    const client = mockClient();
    const handler = codePipelineHandler(() => ({ continuationToken: "t", outputVariables: { A: "b" } }) as never, { client });
    await handler(event(), context());
    expect(client.putJobSuccessResult).not.toHaveBeenCalled();
    expect(client.putJobFailureResult.mock.calls[0]![0].failureDetails.message).toContain("both continuationToken and outputVariables");
  });

  it("rejects an event without CodePipeline.job and reports nothing", async () => {
    const client = mockClient();
    const fn = jest.fn();
    const handler = codePipelineHandler(fn, { client });
    await expect(handler({ Records: [] }, context())).rejects.toThrow('codePipelineHandler: the event has no "CodePipeline.job"');
    await expect(handler({ "CodePipeline.job": { data: {} } }, context())).rejects.toThrow('"CodePipeline.job" has no id');
    await expect(handler(undefined, context())).rejects.toThrow('no "CodePipeline.job"');
    expect(fn).not.toHaveBeenCalled();
    expect(client.putJobSuccessResult).not.toHaveBeenCalled();
    expect(client.putJobFailureResult).not.toHaveBeenCalled();
  });

  it("rethrows when reporting itself fails, without a second report", async () => {
    const client = mockClient();
    client.putJobSuccessResult.mockRejectedValue(new Error("ThrottlingException"));
    await expect(codePipelineHandler(() => undefined, { client })(event(), context())).rejects.toThrow(
      `codePipelineHandler: reporting the result of job ${JOB_ID} to CodePipeline failed: ThrottlingException`,
    );
    expect(client.putJobFailureResult).not.toHaveBeenCalled();

    client.putJobFailureResult.mockRejectedValue(new Error("AccessDenied"));
    await expect(
      codePipelineHandler(
        () => {
          throw new Error("boom");
        },
        { client },
      )(event(), context()),
    ).rejects.toThrow("failed: AccessDenied");
    expect(client.putJobFailureResult).toHaveBeenCalledTimes(1);
  });

  it("validates its options", () => {
    expect(() => codePipelineHandler(() => undefined, { client: mockClient(), safetyMarginMs: -1 })).toThrow("safetyMarginMs -1 must be 0 or more");
  });
});
