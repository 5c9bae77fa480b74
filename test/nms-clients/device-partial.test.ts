/** Partial sync preferences and content on demand over NMS (RD-STOR-x1). */
import { expect } from 'chai';
import type { DeviceDriver, StoreActor } from '../../src/engine/ports.ts';
import { partialScenarios } from '../clients/partial-scenarios.ts';
import { folderOf, keysOf, useNms } from './helpers.ts';

for (const mode of ['strict', 'simplified'] as const)
  describe(`nms clients: partial sync preferences and content (${mode} sync)`, function () {
    this.timeout(15_000);
    const nms = useNms();
    let actor: StoreActor;
    let phone: DeviceDriver;

    beforeEach(async () => {
      actor = nms.actor();
      phone = await nms.device('phone', { mode });
    });

    partialScenarios({
      actor: () => actor,
      phone: () => phone,
      workChat: 'Work/Chat',
      eager: {
        title: 'eager content with a size limit; payload GETs leave \\Seen unset',
        noSeenInEvidence(text) {
          expect(text.match(/ GET \S+\/payloads\/\S+ -> 200/g)).to.have.length(4);
          expect(text).to.not.match(/ (PUT|DELETE) \S+\/flags\//);
        },
      },
    });

    it('date window is asked of the store with a Date criterion on calendar days', async () => {
      phone.setPreferences({ folders: ['Conv1'], since: '2024-03-10', before: '2024-03-12' });
      await phone.sync();
      expect(keysOf(phone.localView(), 'Conv1')).to.deep.equal(['ft', 'mar']);
      expect(phone.evidence()[0]!.text).to.include(
        '"type":"Date","value":"minDate=2024-03-10T00:00:00Z&maxDate=2024-03-12T00:00:00Z"',
      );
    });

    it('content on demand: fetchContent downloads only what is asked, and a copy is not fetched twice', async () => {
      await actor.createFolder('Saved');
      await phone.sync();
      await phone.fetchContent('Conv1', ['jan']);
      const marks = Object.fromEntries(
        folderOf(phone.localView(), 'Conv1')!.objects.map((o) => [o.key, o.content]),
      );
      expect(marks.jan).to.equal('full');
      expect(marks.feb).to.equal('metadata');
      await phone.copy('Conv1', 'jan', 'Saved');
      const report = await phone.sync();
      expect(report.downloadedContent).to.equal(0);
      expect(folderOf(phone.localView(), 'Saved')!.objects).to.deep.equal([
        { key: 'jan', flags: [], content: 'full' },
      ]);
      const unknown = await phone.fetchContent('Conv1', ['nope']).catch((e: Error) => e);
      expect((unknown as Error).message).to.equal('phone: fetchContent: Conv1 holds no nope');
    });
  });
