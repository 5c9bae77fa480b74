/**
 * NMS JSON for one box: resource URLs under `{root}`, and the Object, Folder, Reference
 * and NmsSubscription shapes (repeating elements are always arrays).
 */
import type { FolderRecord, ObjectRecord, SubscriptionRecord } from './backend.ts';

export class BoxShapes {
  constructor(readonly root: string) {}

  folderUrl(id: string): string {
    return `${this.root}/folders/${id}`;
  }

  objectUrl(id: string): string {
    return `${this.root}/objects/${id}`;
  }

  payloadUrl(contentId: string): string {
    return `${this.root}/payloads/${encodeURIComponent(contentId)}`;
  }

  subscriptionUrl(id: string): string {
    return `${this.root}/subscriptions/${id}`;
  }

  objectPath(o: { folderPath: string; id: string }): string {
    return `${o.folderPath === '/' ? '' : o.folderPath}/${o.id}`;
  }

  objectReference(o: ObjectRecord): { resourceURL: string; path: string } {
    return { resourceURL: this.objectUrl(o.id), path: this.objectPath(o) };
  }

  folderReference(f: FolderRecord): { resourceURL: string; path: string } {
    return { resourceURL: this.folderUrl(f.id), path: f.path };
  }

  flags(o: ObjectRecord): { flag: string[]; resourceURL: string } {
    return { flag: [...o.flags], resourceURL: `${this.objectUrl(o.id)}/flags` };
  }

  object(o: ObjectRecord): Record<string, unknown> {
    const url = this.objectUrl(o.id);
    return {
      resourceURL: url,
      path: this.objectPath(o),
      parentFolder: this.folderUrl(o.folderId),
      flags: this.flags(o),
      attributes: { attribute: o.attributes.map((a) => ({ name: a.name, value: [...a.value] })) },
      payloadURL: this.payloadUrl(o.contentId),
      payloadPart: o.parts.map((part, i) => ({
        href: `${url}/payloadParts/${i + 1}`,
        contentType: part.contentType,
        size: part.body.length,
      })),
      lastModSeq: Number(o.lastModSeq),
      correlationId: o.correlationId,
    };
  }

  folderAttributes(f: FolderRecord): { attribute: { name: string; value: string[] }[] } {
    if (f.kind === 'root') return { attribute: [{ name: 'Root', value: ['Yes'] }] };
    return { attribute: [{ name: 'Name', value: [f.name] }] };
  }

  folder(
    f: FolderRecord,
    subFolders: FolderRecord[],
    objects: ObjectRecord[],
    cursor?: string,
  ): Record<string, unknown> {
    return {
      resourceURL: this.folderUrl(f.id),
      path: f.path,
      name: f.name,
      ...(f.parentId !== undefined ? { parentFolder: this.folderUrl(f.parentId) } : {}),
      lastModSeq: Number(f.lastModSeq),
      attributes: this.folderAttributes(f),
      subFolders: { folderReference: subFolders.map((s) => this.folderReference(s)) },
      objects: { objectReference: objects.map((o) => this.objectReference(o)) },
      ...(cursor !== undefined ? { cursor } : {}),
    };
  }

  subscription(s: SubscriptionRecord): Record<string, unknown> {
    return {
      callbackReference: {
        notifyURL: s.notifyURL,
        ...(s.callbackData !== undefined ? { callbackData: s.callbackData } : {}),
      },
      ...(s.clientCorrelator !== undefined ? { clientCorrelator: s.clientCorrelator } : {}),
      ...(s.filter !== undefined ? { filter: s.filter } : {}),
      resourceURL: this.subscriptionUrl(s.id),
      index: s.index,
      restartToken: s.restartToken,
      duration: s.duration,
    };
  }
}
