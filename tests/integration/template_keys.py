"""The canonical keys of the templates (spec/templates.md §2), written out independently of
pipeline/template.c so that the extraction tests check the program against the spec, not
against itself. Shared by the extraction tests."""

T2_2019 = [("art20_1.regulations", ["made_new", "published_new", "total_public"]),
           ("art20_1.normative_docs", ["made_new", "published_new", "total_public"]),
           ("art20_5.licensing", ["prev_items", "items_delta", "decisions"]),
           ("art20_5.other_mgmt_services", ["prev_items", "items_delta", "decisions"]),
           ("art20_6.penalty", ["prev_items", "items_delta", "decisions"]),
           ("art20_6.coercion", ["prev_items", "items_delta", "decisions"]),
           ("art20_8.admin_fees", ["prev_items", "items_delta"]),
           ("art20_9.central_procurement", ["proc_projects", "proc_amount"])]
T2_2021 = [("art20_1.regulations", ["issued", "repealed", "in_force"]),
           ("art20_1.normative_docs", ["issued", "repealed", "in_force"]),
           ("art20_5.licensing", ["decisions"]), ("art20_6.penalty", ["decisions"]),
           ("art20_6.coercion", ["decisions"]), ("art20_8.admin_fees", ["fee_amount_wan"])]
T3_2019 = ["new_received", "carried_over", "res_granted", "res_partial",
           "res_denied_state_secret", "res_denied_law_prohibited", "res_denied_security_stability",
           "res_denied_third_party", "res_denied_internal_affairs", "res_denied_process_info",
           "res_denied_enforcement_file", "res_denied_admin_query", "res_unable_not_held",
           "res_unable_needs_creation", "res_unable_still_unclear", "res_notproc_petition",
           "res_notproc_repeat", "res_notproc_publication", "res_notproc_excessive",
           "res_notproc_confirm_reissue", "res_other", "res_total", "carry_forward"]
T3_2021 = T3_2019[:20] + ["res_other_no_correction", "res_other_no_fee", "res_other_other",
                          "res_total", "carry_forward"]
T3_COLS = ["natural_person", "legal_commercial", "legal_research", "legal_public_interest",
           "legal_legal_services", "legal_other", "total"]
