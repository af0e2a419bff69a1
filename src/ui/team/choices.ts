import { isProposed } from '../../domain/team-vocabulary.ts';
import { team } from '../../state/team.svelte.ts';
import { fill, localTexts } from '../i18n/index.ts';

export interface Choice {
  value: string;
  label: string;
}

const tx = localTexts({
  de: {
    archived: '{name} (archiviert)',
    proposed: '{name} (vorgeschlagen)',
    withService: '{name} – {service}',
  },
  en: { archived: '{name} (archived)', proposed: '{name} (proposed)', withService: '{name} – {service}' },
});

/** An entry's name as a picker shows it: marked when archived, or when it is a proposal not yet confirmed. */
function marked(
  name: string,
  entry: { archived?: boolean | undefined; status?: string | undefined },
): string {
  if (entry.archived) return fill(tx().archived, { name });
  return isProposed(entry) ? fill(tx().proposed, { name }) : name;
}

/**
 * Options for choosing a Netzwerkpartner: the active partners, and the one a record already holds even when
 * it is archived or unknown to the directory (a name typed before the directory existed), so a select
 * always shows what is stored.
 */
export function partnerOptions(chosen?: string): Choice[] {
  const options = team.partnerChoices(chosen).map((partner) => {
    const name = partner.service
      ? fill(tx().withService, { name: partner.name, service: partner.service })
      : partner.name;
    return { value: partner.id, label: marked(name, partner) };
  });
  if (chosen && !team.partner(chosen)) options.push({ value: chosen, label: team.partnerName(chosen) });
  return options;
}

/** Options for choosing a barrier category, on the same terms as `partnerOptions`. */
export function categoryOptions(chosen?: string): Choice[] {
  const options = team.categoryChoices(chosen).map((category) => {
    const name = team.categoryLabel(category.id);
    return { value: category.id, label: marked(name, category) };
  });
  if (chosen && !options.some((option) => option.value === chosen)) {
    options.push({ value: chosen, label: team.categoryLabel(chosen) });
  }
  return options;
}
