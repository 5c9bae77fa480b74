import { expect } from 'chai';
import { NMS_CHECKS } from '../../src/bindings/nms/checks/index.ts';
import { firstDifference } from '../../src/bindings/nms/checks/xml-compare.ts';
import { show } from './helpers.ts';
import { useSimulator } from './simulator.ts';

const xml = NMS_CHECKS.xml!;

describe('nms check: xml', function () {
  this.timeout(20_000);
  const sim = useSimulator();

  it('holds on the reference store', async () => {
    const outcome = await sim.run(xml);
    expect(outcome.findings, show(outcome)).to.deep.equal([]);
    expect(outcome.notes.join('\n')).to.match(/same content as the JSON answer/);
    expect(outcome.notes.join('\n')).to.match(/arrived in XML/);
  });

  it('finds the XML search, malformed XML and XML subscription refused by nms-json-only', async () => {
    const outcome = await sim.run(xml, 'nms-json-only');
    const findings = outcome.findings.join('\n');
    expect(findings, show(outcome)).to.match(/expected 200 with an XML body/);
    expect(findings).to.match(/malformed XML.*expected status 400/);
    expect(findings).to.match(/subscription created with an XML body was refused/);
  });

  it('names where an XML answer first differs from the JSON one', () => {
    const want = { objectList: { object: [{ lastModSeq: 4, flags: { flag: ['\\Seen'] } }] } };
    const got = { objectList: { object: [{ lastModSeq: '4', flags: { flag: [] } }] } };
    expect(firstDifference(want, want)).to.equal('');
    expect(firstDifference(got, want)).to.equal(
      '$.objectList.object[0].lastModSeq is "4" in XML, 4 in JSON',
    );
  });
});
