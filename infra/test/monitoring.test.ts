import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { APP_ID, arn, render, roleStatements, synthesize } from './support.js';

const DIGEST = {
  digestTo: 'owner@example-shop.com',
  digestFrom: 'reports@example-shop.com',
  digestIdentity: 'example-shop.com',
};
const { template } = synthesize(DIGEST);
const DIMENSIONS = [
  { Name: 'AppId', Value: APP_ID },
  { Name: 'Domain', Value: 'example-shop.com' },
];

/** The alarms' properties by logical id without CDK's hash. */
function alarms(t = template) {
  return Object.fromEntries(
    Object.entries(t.findResources('AWS::CloudWatch::Alarm')).map(([id, r]) => [
      id.replace(/[0-9A-F]{8}$/, ''),
      r.Properties,
    ]),
  );
}

/** The hourly metric an alarm's MetricStat reads. */
function stat(name: string) {
  return {
    Metric: { Namespace: 'AmplifyLogs', MetricName: name, Dimensions: DIMENSIONS },
    Period: 3600,
    Stat: 'Maximum',
  };
}

describe('the alarms on the hourly metrics', () => {
  test('returns the error-rate alarm: 5xx share by metric math over hours of at least 100 requests, above 2% twice in a row', () => {
    const alarm = alarms().MonitoringErrorRateAlarmExampleShopCom;
    assert.ok(alarm, Object.keys(alarms()).join(', '));
    const metrics = alarm.Metrics as {
      Id: string;
      Expression?: string;
      MetricStat?: unknown;
      ReturnData: boolean;
    }[];
    const expression = metrics.find((m) => m.Expression);
    assert.equal(expression?.Expression, 'IF(requests >= 100, 100 * errors / requests, 0)');
    assert.equal(expression?.ReturnData, true);
    assert.deepEqual(metrics.find((m) => m.Id === 'requests')?.MetricStat, stat('Requests'));
    assert.deepEqual(metrics.find((m) => m.Id === 'errors')?.MetricStat, stat('ServerErrors'));
    assert.deepEqual(
      [
        alarm.Threshold,
        alarm.ComparisonOperator,
        alarm.EvaluationPeriods,
        alarm.DatapointsToAlarm,
        alarm.TreatMissingData,
      ],
      [2, 'GreaterThanThreshold', 2, 2, 'missing'],
    );
  });

  test('returns the traffic-drop alarm below the anomaly-detection band of hourly requests, and its detector', () => {
    const alarm = alarms().MonitoringTrafficDropAlarmExampleShopCom;
    const metrics = alarm?.Metrics as { Id: string; Expression?: string; MetricStat?: unknown }[];
    const band = metrics.find((m) => m.Expression?.startsWith('ANOMALY_DETECTION_BAND'));
    const requests = metrics.find((m) => m.MetricStat);
    assert.equal(band?.Expression, `ANOMALY_DETECTION_BAND(${requests?.Id}, 2)`);
    assert.deepEqual(requests?.MetricStat, stat('Requests'));
    assert.equal(alarm?.ThresholdMetricId, band?.Id);
    assert.deepEqual(
      [alarm?.ComparisonOperator, alarm?.EvaluationPeriods, alarm?.DatapointsToAlarm],
      ['LessThanLowerThreshold', 2, 2],
    );
    const [detector] = Object.values(template.findResources('AWS::CloudWatch::AnomalyDetector'));
    assert.deepEqual(detector?.Properties.SingleMetricAnomalyDetector, {
      Namespace: 'AmplifyLogs',
      MetricName: 'Requests',
      Dimensions: DIMENSIONS,
      Stat: 'Maximum',
    });
  });

  test('returns the time-to-first-byte alarm on the hourly p95 above 1 s', () => {
    const alarm = alarms().MonitoringTimeToFirstByteAlarmExampleShopCom;
    assert.deepEqual(
      [
        alarm?.Namespace,
        alarm?.MetricName,
        alarm?.Dimensions,
        alarm?.Statistic,
        alarm?.Period,
        alarm?.Threshold,
      ],
      ['AmplifyLogs', 'TimeToFirstByteP95', DIMENSIONS, 'Maximum', 3600, 1],
    );
    assert.equal(alarm?.ComparisonOperator, 'GreaterThanThreshold');
  });

  test('returns every alarm, the dead-letter one included, sent to the one topic', () => {
    assert.deepEqual(Object.keys(alarms()).sort(), [
      'MonitoringDeadLetterAlarm',
      'MonitoringErrorRateAlarmExampleShopCom',
      'MonitoringTimeToFirstByteAlarmExampleShopCom',
      'MonitoringTrafficDropAlarmExampleShopCom',
    ]);
    for (const alarm of Object.values(alarms()))
      assert.deepEqual(alarm.AlarmActions.map(render), ['<AlarmTopic>']);
    template.resourceCountIs('AWS::SNS::Topic', 1);
  });

  test('returns alarms, detector and dashboard left out when their parameters turn them off', () => {
    const { template: off } = synthesize({
      errorRateAlarmPercent: 'off',
      trafficDropStdDevs: 'off',
      ttfbP95AlarmSeconds: 'off',
      dashboard: 'false',
    });
    assert.deepEqual(Object.keys(alarms(off)), ['MonitoringDeadLetterAlarm']);
    off.resourceCountIs('AWS::CloudWatch::AnomalyDetector', 0);
    off.resourceCountIs('AWS::CloudWatch::Dashboard', 0);
  });

  test('returns one set of alarms per domain, each on its own Domain dimension', () => {
    const { template: two } = synthesize({ domain: 'example-shop.com,d1a2b3c4d5e6f7.amplifyapp.com' });
    const ttfb = Object.values(alarms(two)).filter((a) => a.MetricName === 'TimeToFirstByteP95');
    assert.deepEqual(ttfb.map((a) => a.Dimensions[1].Value).sort(), [
      'd1a2b3c4d5e6f7.amplifyapp.com',
      'example-shop.com',
    ]);
    two.resourceCountIs('AWS::CloudWatch::Alarm', 7);
    two.resourceCountIs('AWS::CloudWatch::AnomalyDetector', 2);
  });
});

describe('the dashboard', () => {
  test('returns a graph of every hourly metric read with Maximum, and the alarms', () => {
    const [dashboard] = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
    const body = JSON.parse(render(dashboard?.Properties.DashboardBody)) as {
      widgets: { properties: { metrics?: unknown[][]; alarms?: string[] } }[];
    };
    const metrics = body.widgets.flatMap((w) => w.properties.metrics ?? []);
    const names = metrics.map((m) => m[1]).sort();
    assert.deepEqual(names, [
      'BotShare',
      'BytesSent',
      'CacheHitRatio',
      'ClientErrors',
      'ErrorRate',
      'NotFound',
      'Pageviews',
      'Requests',
      'ServerErrors',
      'TimeToFirstByteP95',
    ]);
    for (const metric of metrics) {
      assert.deepEqual(metric.slice(0, 6), [
        'AmplifyLogs',
        metric[1],
        'AppId',
        APP_ID,
        'Domain',
        'example-shop.com',
      ]);
      assert.equal((metric[6] as { stat: string }).stat, 'Maximum');
    }
    assert.equal(body.widgets.find((w) => w.properties.alarms)?.properties.alarms?.length, 4);
  });
});

describe('the weekly digest', () => {
  test('returns the digest function on Mondays at 07:00 UTC, retried, then sent to the dead-letter queue', () => {
    const rule = Object.values(template.findResources('AWS::Events::Rule')).find(
      (r) => render(r.Properties.Targets[0].Arn) === '<Digest.Arn>',
    );
    assert.equal(rule?.Properties.ScheduleExpression, 'cron(0 7 ? * MON *)');
    assert.equal(render(rule?.Properties.Targets[0].DeadLetterConfig.Arn), '<DeadLetterQueue.Arn>');
    const [fn] = Object.entries(template.findResources('AWS::Lambda::Function')).filter(([id]) =>
      id.startsWith('Digest'),
    );
    const environment = fn?.[1].Properties.Environment.Variables;
    assert.deepEqual(
      [environment.DIGEST_TO, environment.DIGEST_FROM, environment.AMPLIFY_DOMAIN],
      ['owner@example-shop.com', 'reports@example-shop.com', 'example-shop.com'],
    );
  });

  test('returns SES sending allowed to the digest role alone, on the one identity, from the one address', () => {
    const statements = roleStatements(template, 'DigestRole');
    const send = statements.filter((s) => s.actions.some((a) => a.startsWith('ses:')));
    assert.deepEqual(send, [
      {
        sid: 'SendFromTheIdentity',
        effect: 'Allow',
        actions: ['ses:SendEmail'],
        resources: [arn('ses', 'identity/example-shop.com')],
        condition: { StringEquals: { 'ses:FromAddress': 'reports@example-shop.com' } },
      },
    ]);
    assert.deepEqual(
      statements.filter((s) => s.actions.includes('s3:PutObject')).flatMap((s) => s.resources),
      ['<LogsBucket.Arn>/reports/*'],
    );
    for (const role of ['CollectRole', 'MaintainRole', 'ReportRole'])
      assert.ok(
        !roleStatements(template, role).some((s) => s.actions.some((a) => a.startsWith('ses:'))),
        role,
      );
  });

  test('returns no digest function, rule or SES permission without digestTo and digestFrom', () => {
    const { template: none } = synthesize();
    none.resourceCountIs('AWS::Lambda::Function', 3);
    none.resourceCountIs('AWS::Events::Rule', 3);
    assert.equal(JSON.stringify(none.toJSON()).includes('ses:'), false);
  });
});
