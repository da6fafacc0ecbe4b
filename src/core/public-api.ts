/**
 * The body of a Segment Public API call that adds a destination to an audience (create) or
 * updates that connection (update). The API takes ID Sync there as `idSyncConfiguration`; the four
 * connection toggles of the document have no place in it, and its `connectionSettings` are the
 * destination's own and replaced whole on update, so neither is written.
 */
import { finding } from './findings.js';
import { lintConfig } from './lint.js';
import type { Finding, IdSyncConfig } from './types.js';

export interface PublicApiOptions {
  /** `create`: add the destination to an audience; `update`: change an existing connection. */
  mode: 'create' | 'update';
}

export interface PublicApiResult {
  /** The request body; check `findings` for errors before sending it. */
  body: { idSyncConfiguration?: Array<{ externalId: string; strategy: string; mapTo: string }> };
  findings: Finding[];
}

/** The body of a Segment Public API audience-destination create or update call. */
export function toPublicApi(config: IdSyncConfig, options: PublicApiOptions): PublicApiResult {
  const findings: Finding[] = lintConfig(config).filter((f) => f.severity === 'error');
  const body: PublicApiResult['body'] = {};
  const rows = config.idSyncConfiguration;
  const usesDefault = config.setup === 'default' || rows.length === 0;

  if (!usesDefault) {
    body.idSyncConfiguration = rows.map((row) => ({
      externalId: row.externalId,
      strategy: row.strategy,
      mapTo: row.mapTo,
    }));
  } else if (options.mode === 'create') {
    // Leaving the field out is how the API asks for the destination's default identifiers.
    findings.push(finding('api-default-on-create', ['setup'], config.setup === 'customized'));
  } else {
    findings.push(finding('api-default-on-update', ['setup'], config.setup === 'customized'));
  }

  const s = config.connectionSettings;
  const onOff = (on: boolean) => (on ? 'on' : 'off');
  findings.push(
    finding(
      'api-toggles-not-sent',
      ['connectionSettings'],
      `Send Identify ${onOff(s.sendIdentify)}, Send Track ${onOff(s.sendTrack)}, ` +
        `Send Mobile IDs ${onOff(s.sendMobileIds)}, ` +
        `Include Anonymous Users ${onOff(s.includeAnonymousUsers)} on the audience`,
    ),
  );

  const settingKeys = Object.keys(config.destinationSettings ?? {});
  if (settingKeys.length > 0) {
    findings.push(
      finding('api-destination-settings-not-sent', ['destinationSettings'], settingKeys),
    );
  }

  return { body, findings };
}
