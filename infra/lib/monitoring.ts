import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRICS_NAMESPACE } from '../../src/lambda/hourMetrics.js';
import type { StackParameters } from './parameters.js';

/**
 * Every metric the collect function publishes is read with this statistic. An hour is published
 * again each time it is collected again (the recheck, the late sweep) with its cumulative
 * figures, so the Maximum of an hour is its latest value; a Sum would count it several times.
 */
export const HOUR_STATISTIC = 'Maximum';

const HOUR = Duration.hours(1);

export interface MonitoringProps {
  readonly parameters: StackParameters;
  readonly topic: sns.ITopic;
  readonly deadLetterQueue: sqs.IQueue;
}

/**
 * What tells someone the site or the deployment broke: for each domain, the alarms on its hourly
 * metrics (error rate, traffic drop, time to first byte; each turned off by its parameter), and
 * the dead-letter alarm of the functions, all sent to one topic; and a dashboard of the metrics.
 */
export class Monitoring extends Construct {
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    const p = props.parameters;
    const action = new SnsAction(props.topic);
    this.alarms.push(deadLetterAlarm(this, props.deadLetterQueue));
    for (const domain of p.domains) {
      const metric = (name: string) => hourMetric(p.appId, domain, name);
      const suffix = idOf(domain);
      if (p.alarms.errorRate)
        this.alarms.push(errorRateAlarm(this, suffix, domain, metric, p.alarms.errorRate));
      if (p.alarms.trafficDrop)
        this.alarms.push(
          trafficDropAlarm(this, suffix, domain, metric('Requests'), p.alarms.trafficDrop.stdDevs),
        );
      if (p.alarms.ttfbP95) {
        this.alarms.push(
          new cloudwatch.Alarm(this, `TimeToFirstByteAlarm${suffix}`, {
            alarmDescription: `${domain}: the 95th percentile of time to first byte was above ${p.alarms.ttfbP95.thresholdSeconds} s in two consecutive hours.`,
            metric: metric('TimeToFirstByteP95'),
            threshold: p.alarms.ttfbP95.thresholdSeconds,
            comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
            evaluationPeriods: 2,
            datapointsToAlarm: 2,
            treatMissingData: cloudwatch.TreatMissingData.MISSING,
          }),
        );
      }
    }
    for (const alarm of this.alarms) alarm.addAlarmAction(action);
    if (p.dashboard) dashboard(this, p, this.alarms);
  }
}

/** One of the hourly metrics of an app's domain, read with `HOUR_STATISTIC` by the hour. */
export function hourMetric(appId: string, domain: string, name: string): cloudwatch.Metric {
  return new cloudwatch.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { AppId: appId, Domain: domain },
    statistic: HOUR_STATISTIC,
    period: HOUR,
  });
}

/** `example-shop.com` → `ExampleShopCom`: a construct id that follows the domain, not its place in the list. */
function idOf(domain: string): string {
  return domain
    .split(/[^a-z0-9]+/i)
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('');
}

/** An alarm as soon as one failed invocation reaches the dead-letter queue. */
function deadLetterAlarm(scope: Construct, queue: sqs.IQueue): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, 'DeadLetterAlarm', {
    alarmDescription:
      'An amplify-logs function failed after its retries: its event and error are in the dead-letter queue.',
    metric: queue.metricApproximateNumberOfMessagesVisible({
      period: Duration.minutes(5),
      statistic: 'Maximum',
    }),
    threshold: 1,
    evaluationPeriods: 1,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
    treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
  });
}

/**
 * The 5xx share in percent, by metric math over the hour's maxima, counted only in hours of at
 * least `minRequests` (a quiet hour's one error is no outage): above the threshold in two
 * consecutive hours. Hours arrive an hour or two after they end, so missing data is left out of
 * the evaluation rather than read as good.
 */
function errorRateAlarm(
  scope: Construct,
  suffix: string,
  domain: string,
  metric: (name: string) => cloudwatch.Metric,
  setting: { thresholdPercent: number; minRequests: number },
): cloudwatch.Alarm {
  return new cloudwatch.Alarm(scope, `ErrorRateAlarm${suffix}`, {
    alarmDescription: `${domain}: more than ${setting.thresholdPercent}% of requests were answered 5xx in two consecutive hours of at least ${setting.minRequests} requests.`,
    metric: new cloudwatch.MathExpression({
      expression: `IF(requests >= ${setting.minRequests}, 100 * errors / requests, 0)`,
      usingMetrics: { requests: metric('Requests'), errors: metric('ServerErrors') },
      period: HOUR,
      label: 'Error rate (5xx, %)',
    }),
    threshold: setting.thresholdPercent,
    comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_THRESHOLD,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
  });
}

/**
 * Hourly requests below CloudWatch's anomaly-detection band (`stdDevs` wide) in two consecutive
 * hours: the model learns the site's daily and weekly rhythm (it needs about two weeks of data
 * before it alarms with confidence). An hour without requests is published as 0, so an outage
 * shows as a drop, not as missing data.
 */
function trafficDropAlarm(
  scope: Construct,
  suffix: string,
  domain: string,
  requests: cloudwatch.Metric,
  stdDevs: number,
): cloudwatch.Alarm {
  new cloudwatch.CfnAnomalyDetector(scope, `RequestsAnomalyDetector${suffix}`, {
    singleMetricAnomalyDetector: {
      namespace: requests.namespace,
      metricName: requests.metricName,
      dimensions: Object.entries(requests.dimensions ?? {}).map(([name, value]) => ({
        name,
        value: String(value),
      })),
      stat: HOUR_STATISTIC,
    },
  });
  return new cloudwatch.AnomalyDetectionAlarm(scope, `TrafficDropAlarm${suffix}`, {
    alarmDescription: `${domain}: hourly requests fell below the expected band in two consecutive hours.`,
    metric: requests,
    stdDevs,
    comparisonOperator: cloudwatch.ComparisonOperator.LESS_THAN_LOWER_THRESHOLD,
    evaluationPeriods: 2,
    datapointsToAlarm: 2,
    treatMissingData: cloudwatch.TreatMissingData.MISSING,
  });
}

/** The metrics of each domain by the hour (their Maximum, see `HOUR_STATISTIC`) and every alarm's state. */
function dashboard(scope: Construct, p: StackParameters, alarms: readonly cloudwatch.Alarm[]): void {
  const board = new cloudwatch.Dashboard(scope, 'Dashboard', {
    defaultInterval: Duration.days(14),
  });
  board.addWidgets(
    new cloudwatch.TextWidget({
      markdown: `# amplify-logs: ${p.appId}\nHourly figures from the access logs, each hour at its own time (it arrives one to two hours later). Read with **Maximum**: an hour collected again is published again with its whole figures.`,
      width: 24,
      height: 2,
    }),
    new cloudwatch.AlarmStatusWidget({ title: 'Alarms', alarms: [...alarms], width: 24, height: 3 }),
  );
  for (const domain of p.domains) {
    const metric = (name: string, label: string) =>
      hourMetric(p.appId, domain, name).with({ label: `${label}` });
    const graph = (title: string, metrics: cloudwatch.IMetric[], unit?: string) =>
      new cloudwatch.GraphWidget({
        title: `${domain}: ${title}`,
        left: metrics,
        width: 8,
        height: 6,
        ...(unit ? { leftYAxis: { label: unit, showUnits: false, min: 0 } } : {}),
      });
    board.addWidgets(
      graph('requests and pageviews', [metric('Requests', 'Requests'), metric('Pageviews', 'Pageviews')]),
      graph('errors', [
        metric('ServerErrors', '5xx'),
        metric('ClientErrors', '4xx'),
        metric('NotFound', '404'),
      ]),
      graph(
        'error rate and bot share',
        [metric('ErrorRate', 'Error rate'), metric('BotShare', 'Bot share')],
        '%',
      ),
      graph('time to first byte, p95', [metric('TimeToFirstByteP95', 'TTFB p95')], 'seconds'),
      graph('cache hit ratio', [metric('CacheHitRatio', 'Cache hit ratio')], '%'),
      graph('data sent', [metric('BytesSent', 'Bytes sent')]),
    );
  }
}
