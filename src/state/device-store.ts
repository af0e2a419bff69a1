import { caseSummarySchema, type CaseSummary } from '../domain/summary.ts';
import { plainCodec, type Codec } from '../storage/codec.ts';
import { databaseName, LotseDatabase } from '../storage/db.ts';
import { DocStore } from '../storage/doc-store.ts';
import { Quarantine } from '../storage/quarantine.ts';
import { SummaryStore } from '../storage/summary-store.ts';

/** Who works on this device. Until accounts exist, every device has one local profile. */
export interface DeviceUser {
  id: string;
  teamId: string;
}

export const LOCAL_USER: DeviceUser = { id: 'local', teamId: 'local' };

/** Everything stored on the device for one user of one relay. */
export interface DeviceStore {
  readonly db: LotseDatabase;
  readonly docs: DocStore;
  readonly summaries: SummaryStore<CaseSummary>;
  readonly quarantine: Quarantine;
  readonly user: DeviceUser;
}

export async function openDeviceStore(options: {
  server: string;
  user: DeviceUser;
  codec?: Codec;
}): Promise<DeviceStore> {
  const codec = options.codec ?? plainCodec;
  const db = new LotseDatabase(databaseName(options.server, options.user.id));
  await db.open();
  return {
    db,
    docs: new DocStore(db, codec),
    summaries: new SummaryStore(db, codec, caseSummarySchema),
    quarantine: new Quarantine(db),
    user: options.user,
  };
}
