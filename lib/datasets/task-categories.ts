/** T0's task clusters (Sanh et al. 2021, fig. 2), offered as task categories; any other text is allowed too. */
export const T0_TASK_CLUSTERS = [
  "Multiple-Choice QA",
  "Extractive QA",
  "Closed-Book QA",
  "Sentiment",
  "Topic Classification",
  "Structure-To-Text",
  "Summarization",
  "Paraphrase Identification",
  "Natural Language Inference",
  "Coreference Resolution",
  "Word Sense Disambiguation",
  "Sentence Completion",
] as const;
