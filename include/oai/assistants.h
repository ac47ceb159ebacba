/** @file
 * oai/assistants.h - /assistants: create, retrieve, update, list, delete.
 * Conventions (ownership, argument checks, return codes): oai/resources.h.
 */
#ifndef OAI_ASSISTANTS_H
#define OAI_ASSISTANTS_H

#include "resources.h"

#ifdef __cplusplus
extern "C" {
#endif

/** POST /assistants. `params` (required object): `model`, `instructions`,
 *  `tools`, ... @param[out] out the assistant object. */
OAI_EXTERN int oai_assistants_create(oai_json **out, oai_client *c,
                                     const oai_json *params,
                                     const oai_request_options *opts);

/** GET /assistants/{assistant_id}. @param[out] out the assistant object. */
OAI_EXTERN int oai_assistants_retrieve(oai_json **out, oai_client *c,
                                       const char *assistant_id,
                                       const oai_request_options *opts);

/** POST /assistants/{assistant_id} with the fields to change (required
 *  object). @param[out] out the updated assistant. */
OAI_EXTERN int oai_assistants_update(oai_json **out, oai_client *c,
                                     const char *assistant_id,
                                     const oai_json *params,
                                     const oai_request_options *opts);

/** GET /assistants: one page. `list` may be NULL; accepts limit, order,
 *  after, before (other fields → OAI_EINVAL). @param[out] out the page. */
OAI_EXTERN int oai_assistants_list(oai_json **out, oai_client *c,
                                   const oai_list_options *list,
                                   const oai_request_options *opts);

/** A pager over every assistant (oai/pagination.h); the first page is
 *  fetched now. @param[out] out the pager, freed with oai_pager_free(). */
OAI_EXTERN int oai_assistants_list_pager(oai_pager **out, oai_client *c,
                                         const oai_list_options *list,
                                         const oai_request_options *opts);

/** DELETE /assistants/{assistant_id}. @param[out] out the deletion status
 *  object `{"id":…,"object":"assistant.deleted","deleted":true}`. */
OAI_EXTERN int oai_assistants_delete(oai_json **out, oai_client *c,
                                     const char *assistant_id,
                                     const oai_request_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* OAI_ASSISTANTS_H */
