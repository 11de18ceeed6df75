import { reactive, ref, useTemplateRef, watch, type Ref } from 'vue'
import { ElMessage, type FormInstance, type FormItemRule } from 'element-plus'
import { translator } from '@/shared/i18n'

/** What a failed save shows: messages on named fields, and one for the rest. */
export interface ShownErrors<F extends string> {
  fields: Partial<Record<F, string>>
  general: string | null
}

export interface SaveOptions<T, F extends string> {
  /** Sends the form; resolves to the saved record. */
  save: () => Promise<T>
  /** The success message, given the saved record. */
  successText: (saved: T) => string
  /** Splits an error between the fields and the general message. */
  errors: (e: unknown) => ShownErrors<F>
  /** Called on any error before it is shown (e.g. to take the server's copy after a version conflict). */
  onError?: (e: unknown) => void
  /** Called with the saved record once the dialog is closed. */
  onSaved: (saved: T) => void
}

/**
 * The state every form dialog keeps: the form instance (the `<el-form ref="formRef">`
 * of the calling component), busy flag, general error and the server's field
 * errors. Opening the dialog clears the errors, runs `onOpen` (to fill the form)
 * and clears the validation marks.
 */
export function useFormDialog<F extends string = string>(visible: Ref<boolean>, onOpen: () => void) {
  const formRef = useTemplateRef<FormInstance>('formRef')
  const busy = ref(false)
  const formError = ref<string | null>(null)
  const serverErrors = reactive({}) as Partial<Record<F, string>>

  function clearErrors(): void {
    formError.value = null
    for (const k of Object.keys(serverErrors)) delete serverErrors[k as F]
  }

  function clearServerError(field: F): void {
    delete serverErrors[field]
  }

  watch(visible, (open) => {
    if (!open) return
    clearErrors()
    onOpen()
    formRef.value?.clearValidate()
  })

  /** Validates, saves, says so and closes; on failure shows the server's errors. */
  async function submit<T>(o: SaveOptions<T, F>): Promise<void> {
    if (busy.value) return
    clearErrors()
    if (!(await formRef.value?.validate().catch(() => false))) return
    busy.value = true
    try {
      const saved = await o.save()
      ElMessage.success(o.successText(saved))
      visible.value = false
      o.onSaved(saved)
    } catch (e) {
      o.onError?.(e)
      const shown = o.errors(e)
      Object.assign(serverErrors, shown.fields)
      formError.value = shown.general
    } finally {
      busy.value = false
    }
  }

  return { busy, formError, serverErrors, clearErrors, clearServerError, submit }
}

/** A required-field rule whose message names the field (`label` is an i18n key). */
export function requiredRule(label: string, trigger: 'change' | 'blur'): FormItemRule {
  const { t } = translator
  return { required: true, trigger, message: () => t('validation.required', { field: t(label) }) }
}
