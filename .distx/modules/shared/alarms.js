"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.occurrenceAlarm = occurrenceAlarm;
const cloudwatch_metric_alarm_1 = require("@cdktf/provider-aws/lib/cloudwatch-metric-alarm");
/**
 * An alarm that fires when a metric reaches 1 in one period: for things that should never happen
 * (a failed delivery, a message in a DLQ, a failed execution). These metrics are only published
 * when non-zero, so missing data is not breaching.
 */
function occurrenceAlarm(scope, id, props) {
    return new cloudwatch_metric_alarm_1.CloudwatchMetricAlarm(scope, id, {
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
