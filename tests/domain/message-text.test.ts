import { TEXT_LIMITS } from '../../bot/src/domain/idea';
import { deriveTitle } from '../../bot/src/domain/draft';
import {
  checkIdeaForm,
  checkMessageText,
  decodeEntities,
  htmlToPlainText,
  plainMessageText,
  suggestTitle,
} from '../../bot/src/domain/message-text';

describe('htmlToPlainText', () => {
  it('turns paragraphs, line breaks and list items into lines', () => {
    const html =
      '<p>Vi borde   ha\n digitala   lås.</p><p>Fördelar:</p><ul><li>inga nycklar</li><li>loggning</li></ul><div>Hälsningar<br>Erik</div>';
    expect(htmlToPlainText(html).text).toBe('Vi borde ha digitala lås.\n\nFördelar:\n\n- inga nycklar\n- loggning\n\nHälsningar\nErik');
  });

  it('gives nested lines one break each, and two <br> an empty line', () => {
    expect(htmlToPlainText('<div><div>rad ett</div><div>rad två</div></div>').text).toBe('rad ett\nrad två');
    expect(htmlToPlainText('a<br><br>b<br/>c').text).toBe('a\n\nb\nc');
  });

  it('decodes entities once, so literal markup in the message stays text', () => {
    expect(htmlToPlainText('<p>Om a &lt; b &amp;&amp; c &gt; d: &quot;ja&quot; &#8211; s&aring; &#x1F600;</p>').text).toBe(
      'Om a < b && c > d: "ja" – så 😀',
    );
    expect(htmlToPlainText('<p>&amp;lt;script&amp;gt;</p>').text).toBe('&lt;script&gt;');
  });

  it('resolves mentions to the mentioned names, and a split full name only once', () => {
    const mentions = [
      { id: 0, name: 'Karin Berg', personId: 'k' },
      { id: 1, name: 'Karin Berg', personId: 'k' },
      { id: 2, name: 'Omar Haddad', personId: 'o' },
    ];
    const html = '<p><at id="0">Karin</at>&nbsp;<at id="1">Berg</at> och <at id="2">Omar</at>, kan vi prova?</p>';
    expect(htmlToPlainText(html, mentions).text).toBe('Karin Berg och Omar Haddad, kan vi prova?');
  });

  it('keeps two different people mentioned next to each other', () => {
    const mentions = [
      { id: 0, name: 'Karin Berg', personId: 'k' },
      { id: 1, name: 'Omar Haddad', personId: 'o' },
    ];
    expect(htmlToPlainText('<at id="0">Karin</at> <at id="1">Omar</at> titta här', mentions).text).toBe('Karin Berg Omar Haddad titta här');
  });

  it('keeps the shown text of a mention it has no details for', () => {
    expect(htmlToPlainText('<p>Fråga <at id="7">Lars &amp; Co</at></p>').text).toBe('Fråga Lars & Co');
  });

  it('keeps link addresses where the link text hides them', () => {
    const html = '<p>Se <a href="https://example.se/a?b=1&amp;c=2">förslaget</a> och <a href="https://x.se">https://x.se</a></p>';
    expect(htmlToPlainText(html).text).toBe('Se förslaget (https://example.se/a?b=1&c=2) och https://x.se');
  });

  it('drops a javascript: link address but keeps its text', () => {
    expect(htmlToPlainText('<a href="javascript:alert(1)">klicka</a>').text).toBe('klicka');
  });

  it('leaves out pictures and attachments and says so, but keeps emoji', () => {
    const result = htmlToPlainText(
      '<p>Titta <img src="https://x/y.png" alt="bild"> <img itemtype="http://schema.skype.com/Emoji" alt="👍" src="e"><emoji alt="🎉"></emoji></p><attachment id="123"></attachment>',
    );
    expect(result).toEqual({ text: 'Titta 👍🎉', hadImages: true });
    expect(htmlToPlainText('<p>Bara 🙂 text</p>').hadImages).toBe(false);
  });

  it('drops scripts, styles and comments entirely', () => {
    expect(htmlToPlainText('<style>p{color:red}</style><!-- x --><p>Hej</p><script>alert(1)</script>').text).toBe('Hej');
  });

  it('removes control characters', () => {
    expect(htmlToPlainText('<p>a\u0007b\u0000c</p>').text).toBe('abc');
  });
});

describe('plainMessageText', () => {
  it('keeps line breaks and collapses spaces', () => {
    expect(plainMessageText('Rad  ett\r\n\r\n\r\n  Rad två ')).toEqual({ text: 'Rad ett\n\nRad två', hadImages: false });
  });
});

describe('decodeEntities', () => {
  it('leaves unknown references and invalid code points harmless', () => {
    expect(decodeEntities('&nosuch; &#0; &#x110000; &amp;')).toBe('&nosuch;   &');
  });
});

describe('checkMessageText', () => {
  it('says a message with only a picture is image-only, and one with nothing is empty', () => {
    expect(checkMessageText({ text: '', hadImages: true })).toEqual({ problem: 'imageOnly' });
    expect(checkMessageText({ text: '', hadImages: false })).toEqual({ problem: 'empty' });
  });

  it('accepts text up to the idea limit and refuses one character more', () => {
    const max = TEXT_LIMITS.idea.max;
    expect(checkMessageText({ text: 'å'.repeat(max), hadImages: false })).toBeUndefined();
    expect(checkMessageText({ text: 'å'.repeat(max + 1), hadImages: true })).toEqual({ problem: 'tooLong', length: max + 1, limit: max });
  });

  it('counts characters, not UTF-16 units (emoji count once)', () => {
    expect(checkMessageText({ text: '😀'.repeat(TEXT_LIMITS.idea.max), hadImages: false })).toBeUndefined();
  });
});

describe('suggestTitle', () => {
  it.each([
    ['Vi borde ha digitala lås på förskolorna. Då slipper vi nycklar.', 'Vi borde ha digitala lås på förskolorna'],
    ['Kan vi låna ut elcyklar till hemtjänsten? Det sparar tid.', 'Kan vi låna ut elcyklar till hemtjänsten'],
    ['Hej alla! Jag tänkte att vi kunde ordna läxhjälp på biblioteket.', 'Jag tänkte att vi kunde ordna läxhjälp på biblioteket'],
    ['Hej, vad sägs om gemensam bilpool', 'Vad sägs om gemensam bilpool'],
    ['Good morning team: shared e-bikes for home care?', 'Shared e-bikes for home care'],
    ['tydligare skyltar vid badhuset\nså att fler hittar', 'Tydligare skyltar vid badhuset'],
    ['- punkt ett: digital anmälan', 'Punkt ett: digital anmälan'],
    ['Hej!', 'Hej'],
    ['Ok', ''],
    ['', ''],
  ])('%j → %j', (text, title) => {
    expect(suggestTitle(text)).toBe(title);
  });

  it('cuts a long first sentence at a word boundary and marks the cut, like the chat capture', () => {
    const sentence = `Hej! Vi borde ${'verkligen '.repeat(20)}göra något åt kön.`;
    const title = suggestTitle(sentence);
    expect(title).toBe(deriveTitle(sentence.slice('Hej! '.length)));
    expect([...title].length).toBeLessThanOrEqual(80);
    expect(title).toMatch(/^Vi borde verkligen .*verkligen…$/u);
  });

  it('always fits the title limits', () => {
    for (const text of ['A.', 'Ab', 'Abc', 'a'.repeat(500), 'ord '.repeat(300)]) {
      const title = suggestTitle(text);
      if (title === '') continue;
      expect([...title].length).toBeGreaterThanOrEqual(TEXT_LIMITS.title.min);
      expect([...title].length).toBeLessThanOrEqual(TEXT_LIMITS.title.max);
    }
  });
});

describe('checkIdeaForm', () => {
  const complete = {
    title: 'Digitala lås',
    need: 'Nycklar försvinner',
    idea: 'Kodlås',
    beneficiaries: ['staff' as const],
    department: 'Förskola',
  };

  it('accepts a complete idea', () => {
    expect(checkIdeaForm(complete)).toEqual([]);
  });

  it('names every field that is wrong, including a missing choice of who benefits', () => {
    expect(checkIdeaForm({ ...complete, title: 'ab', need: ' ', beneficiaries: [] })).toEqual([
      { field: 'title', problem: 'tooShort', limit: TEXT_LIMITS.title.min },
      { field: 'need', problem: 'empty', limit: TEXT_LIMITS.need.min },
      { field: 'beneficiaries', problem: 'noChoice' },
    ]);
  });
});
