import { renderIdeaFormCard, type IdeaFormModel } from '../../../bot/src/teams/cards/idea-form-card';
import { validateCard } from '../../helpers/cards';

type Json = Record<string, unknown>;

const base: IdeaFormModel = {
  locale: 'sv',
  values: { title: 'Tyst rum', need: '', idea: 'Ett tyst rum på biblioteket', beneficiaries: ['residents'], department: '', share: false },
  hidden: { draftId: '8d3c2b1a-0000-4000-8000-000000000001', formContext: 'message', sourceAuthor: 'Erik Johansson' },
  departments: [],
};

function find(card: Json, id: string): Json | undefined {
  return (card['body'] as Json[]).find((e) => e['id'] === id);
}

describe('the idea form card', () => {
  it('is a valid card with a free-text department when the sluice lists none', () => {
    const card = renderIdeaFormCard(base);
    validateCard(card);
    expect(find(card, 'department')).toMatchObject({ type: 'Input.Text', isRequired: true });
    expect(find(card, 'beneficiaries')).toMatchObject({ value: 'residents', isRequired: true });
  });

  it('offers the sluice’s departments as a filtered choice, including a prefilled one not on the list', () => {
    const card = renderIdeaFormCard({
      ...base,
      values: { ...base.values, department: 'Räddningstjänsten' },
      departments: ['Socialförvaltningen', 'Utbildningsförvaltningen'],
    });
    validateCard(card);
    const department = find(card, 'department');
    expect(department).toMatchObject({ type: 'Input.ChoiceSet', style: 'filtered', value: 'Räddningstjänsten' });
    expect((department?.['choices'] as Json[]).map((c) => c['value'])).toEqual([
      'Socialförvaltningen',
      'Utbildningsförvaltningen',
      'Räddningstjänsten',
    ]);
  });

  it('keeps user text out of the template language: "${...}" typed by a person stays literal', () => {
    const card = renderIdeaFormCard({ ...base, values: { ...base.values, title: '${hidden.draftId} ${fields}' } });
    validateCard(card);
    expect(find(card, 'title')?.['value']).toBe('${hidden.draftId} ${fields}');
  });

  it('shows every problem beside its field, in English too', () => {
    const card = renderIdeaFormCard({
      ...base,
      locale: 'en',
      problems: [
        { field: 'need', problem: 'empty', limit: 1 },
        { field: 'beneficiaries', problem: 'noChoice' },
      ],
    });
    validateCard(card);
    const body = card['body'] as Json[];
    const after = (id: string): Json | undefined => body[body.findIndex((e) => e['id'] === id) + 1];
    expect(after('need')).toMatchObject({ color: 'Attention', text: 'I need an answer here before we can go on.' });
    expect(after('beneficiaries')).toMatchObject({ color: 'Attention', text: 'Choose at least one.' });
    expect(after('title')?.['color']).toBeUndefined();
  });
});
