import { CloudwatchMetricAlarm } from "@cdktf/provider-aws/lib/cloudwatch-metric-alarm";
import type { Construct } from "constructs";

export interface OccurrenceAlarmProps {
  readonly region?: string;
  readonly alarmName: string;
  readonly alarmDescription: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Record<string, string>;
  /** "Sum" for counts, "Maximum" for gauges such as queue depth. */
  readonly statistic: "Sum" | "Maximum";
  readonly alarmTopicArn: string;
  /** @default 300 */
  readonly periodSeconds?: number;
  /** @default {} */
  readonly tags?: Record<string, string>;
}

/**
 * An alarm that fires when a metric reaches 1 in one period: for things that should never happen
 * (a failed delivery, a message in a DLQ, a failed execution). These metrics are only published
 * when non-zero, so missing data is not breaching.
 */
export function occurrenceAlarm(scope: Construct, id: string, props: OccurrenceAlarmProps): CloudwatchMetricAlarm {
  return new CloudwatchMetricAlarm(scope, id, {
    ...(props.region ? { region: props.region } : {}),
    alarmName: props.alarmName,
    alarmDescription: props.alarmDescription,
    namespace: props.namespace,
    metricName: props.metricName,
    dimensions: props.dimensions,
    statistic: props.statistic,
    period: props.periodSeconds ?? 300,
    evaluationPeriods: 1,
    threshold: 1,
    comparisonOperator: "GreaterThanOrEqualToThreshold",
    treatMissingData: "notBreaching",
    alarmActions: [props.alarmTopicArn],
    tags: props.tags ?? {},
  });
}
