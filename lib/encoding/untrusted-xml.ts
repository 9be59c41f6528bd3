import { XMLParser } from 'fast-xml-parser';

/**
 * A fast-xml-parser for XML from a party that is not trusted (a WebDAV server's listing, an imported Android
 * preferences file): elements in document order with their attributes as written, every value a string taken as
 * written, no entity expanded by the parser (the caller decodes XML's predefined entities and character references
 * itself, and refuses a document type declaration before parsing), no declaration or processing instruction kept,
 * and the nesting capped. Options as documented by fast-xml-parser (repository NaturalIntelligence/fast-xml-parser,
 * file 2.XMLparseOptions.md of its v4 documentation).
 */
export function untrustedXmlParser(maxNestedTags: number, stopNodes: string[] = []): XMLParser {
  return new XMLParser({
    preserveOrder: true,
    ignoreAttributes: false,
    attributeNamePrefix: '',
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: false,
    processEntities: false,
    htmlEntities: false,
    ignoreDeclaration: true,
    ignorePiTags: true,
    maxNestedTags,
    stopNodes,
  });
}
