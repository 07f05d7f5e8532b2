/** Limits from mlflow/utils/validation.py (MLflow 3.17). */
export const MAX_PARAMS_TAGS_PER_BATCH = 100;
export const MAX_METRICS_PER_BATCH = 1000;
export const MAX_ENTITIES_PER_BATCH = 1000;
export const MAX_PARAM_VAL_LENGTH = 6000;
export const MAX_TAG_VAL_LENGTH = 8000;
export const MAX_EXPERIMENT_NAME_LENGTH = 500;
export const MAX_EXPERIMENT_TAG_KEY_LENGTH = 250;
export const MAX_EXPERIMENT_TAG_VAL_LENGTH = 20000;
export const MAX_ENTITY_KEY_LENGTH = 250;
