import { z } from 'zod';

/**
 * Gov. Code 7922.535(c): the only reasons the 10-day determination may be
 * extended, and only "to the extent reasonably necessary to the proper
 * processing of the particular request". Counsel chooses one; the extension
 * notice quotes it.
 */
export const unusualCircumstances = ['field_facilities', 'voluminous', 'consultation', 'data_compilation'] as const;
export const unusualCircumstanceSchema = z.enum(unusualCircumstances, { error: 'Choose the unusual circumstance of Gov. Code 7922.535(c) that requires more time.' });
export type UnusualCircumstance = z.infer<typeof unusualCircumstanceSchema>;

export const unusualCircumstanceWords: Record<UnusualCircumstance, string> = {
  field_facilities:
    'The need to search for and collect the requested records from field facilities or other establishments that are separate from the office processing the request (Gov. Code § 7922.535(c)(1)).',
  voluminous:
    'The need to search for, collect, and appropriately examine a voluminous amount of separate and distinct records that are demanded in a single request (Gov. Code § 7922.535(c)(2)).',
  consultation:
    'The need for consultation, which shall be conducted with all practicable speed, with another agency having substantial interest in the determination of the request or among two or more components of the agency having substantial subject matter interest therein (Gov. Code § 7922.535(c)(3)).',
  data_compilation:
    'The need to compile data, to write programming language or a computer program, or to construct a computer report to extract data (Gov. Code § 7922.535(c)(4)).',
};

export const unusualCircumstanceLabels: Record<UnusualCircumstance, string> = {
  field_facilities: 'Records held at field facilities or other establishments',
  voluminous: 'A voluminous amount of separate and distinct records',
  consultation: 'Consultation with another agency or other City departments',
  data_compilation: 'Data must be compiled or extracted by a program or report',
};
