/* cluster_plan_pick: which image and which external network a spec's values name (pure). */
#include "autoconfig.h"

#include <stdlib.h>
#include <string.h>

#include "cloud/image_members.h"
#include "cloud/ops.h"
#include "core/buf.h"
#include "core/error.h"
#include "core/model.h"
#include "core/sanitize.h"
#include "flow/cluster_plan.h"

#define PLAN_PICK_MAX 8          /* matches of an image ref looked at */

/* 1 if the project may boot im: its own, public or community, or shared and accepted. */
static int pick_usable(const struct image *im)
{
	return im->member_status == NULL || strcmp(im->member_status, "accepted") == 0;
}

int flow_plan_pick_image(size_t *idx, const struct image *v, size_t n, const char *ref, int is_recipe)
{
	size_t found[PLAN_PICK_MAX], k, i, active = 0, usable = 0, pick = 0;
	char *what = sanitize_line(ref ? ref : "", 120), *name = NULL, *status = NULL;
	int rc = 0;

	k = ref ? image_find_by_ref(found, PLAN_PICK_MAX, v, n, ref) : 0;
	if (k == 0) {
		if (is_recipe)
			rc = err_set(ERR_NOTFOUND, "no image of recipe %s in this project: build it first: sparkdeck image "
				     "build %s", what, what);
		else
			rc = err_set(ERR_NOTFOUND, "no image named '%s' (nor with that id) in this project", what);
		goto out;
	}
	/* Several matches (a recipe built twice, two images of one name): the one usable and active. */
	for (i = 0; i < k; i++) {
		const struct image *im = &v[found[i]];

		if (!pick_usable(im))
			continue;
		usable++;
		if (im->status && strcmp(im->status, "active") == 0) {
			if (active++ == 0)
				pick = found[i];
		}
	}
	if (active == 1) {
		*idx = pick;
		goto out;
	}
	name = sanitize_line(v[found[0]].name ? v[found[0]].name : v[found[0]].id, 120);
	if (active > 1) {
		char *a = sanitize_line(v[found[0]].id, 64), *b = sanitize_line(v[found[1]].id, 64);

		rc = err_set(ERR_CONFIG, "'%s' names %zu active images (%s, %s%s): put one image's id in the spec", what,
			     active, a, b, active > 2 ? ", ..." : "");
		free(a);
		free(b);
	} else if (usable == 0) {
		rc = err_set(ERR_CONFIG, "image %s is shared with this project but not accepted: sparkdeck image accept %s",
			     name, what);
	} else {
		for (i = 0; i < k && status == NULL; i++)
			if (pick_usable(&v[found[i]]))
				status = sanitize_line(v[found[i]].status ? v[found[i]].status : "of unknown status", 40);
		if (is_recipe)
			rc = err_set(ERR_CONFIG, "image %s of recipe %s is %s, not active: wait for its build to end, or build "
				     "it first: sparkdeck image build %s", name, what, status, what);
		else
			rc = err_set(ERR_CONFIG, "image %s is %s, not active", name, status);
	}
out:
	free(status);
	free(name);
	free(what);
	return rc;
}

/* The names of the external networks in v, for messages (new). */
static char *pick_external_names(const struct net_resource *v, size_t n)
{
	struct buf b;
	size_t shown = 0;

	buf_init(&b, 512);
	for (size_t i = 0; i < n; i++) {
		char *name;

		if (!v[i].external)
			continue;
		if (shown++ == 5) {
			buf_puts(&b, ", ...");
			break;
		}
		name = sanitize_line(v[i].name && *v[i].name ? v[i].name : v[i].id, 60);
		buf_printf(&b, "%s%s", shown > 1 ? ", " : "", name);
		free(name);
	}
	if (b.len == 0)
		buf_puts(&b, "none");
	return buf_detach(&b);
}

int flow_plan_pick_network(size_t *idx, const struct net_resource *v, size_t n, const char *name_or_id)
{
	size_t i, by_name = 0, pick = 0;
	char *what = sanitize_line(name_or_id ? name_or_id : "", 120), *ext;
	int rc = 0;

	for (i = 0; name_or_id && i < n; i++)
		if (v[i].id && strcmp(v[i].id, name_or_id) == 0)
			break;
	if (i < n) {
		pick = i;
	} else {
		for (i = 0; name_or_id && i < n; i++)
			if (v[i].name && strcmp(v[i].name, name_or_id) == 0 && by_name++ == 0)
				pick = i;
	}
	ext = pick_external_names(v, n);
	if (i == n && by_name == 0)
		rc = err_set(ERR_NOTFOUND, "no network named '%s' (nor with that id) in this project; external networks: %s",
			     what, ext);
	else if (i == n && by_name > 1)
		rc = err_set(ERR_CONFIG, "%zu networks are named '%s': put the external network's id in the spec", by_name,
			     what);
	else if (!v[pick].external)
		rc = err_set(ERR_CONFIG, "network '%s' is not an external network (router:external); external networks: %s",
			     what, ext);
	else
		*idx = pick;
	free(ext);
	free(what);
	return rc;
}
