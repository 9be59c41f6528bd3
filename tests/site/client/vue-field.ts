// The `vue` variant: the code step as a real Vue 3 app (runtime build, render function: no template compiler).
// The input is bound with Vue's model pattern (value + onInput into a ref); the form submits the REF with fetch,
// so a fill Vue never heard of is lost. Vue patches the DOM in its own scheduler (a microtask after a change).
import { createApp, defineComponent, h, ref } from 'vue';

const VueTwoFactorForm = defineComponent({
  props: { digits: { type: Number, required: true } },
  setup(props) {
    const code = ref('');
    const error = ref<string | null>(null);
    const busy = ref(false);

    async function onSubmit(e: Event) {
      e.preventDefault();
      busy.value = true;
      error.value = null;
      try {
        const res = await fetch('/api/2fa', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ variant: 'vue', code: code.value }),
        });
        const body = (await res.json()) as { ok: boolean; redirect?: string; error?: string };
        if (body.ok && body.redirect) {
          location.assign(body.redirect);
          return;
        }
        error.value = body.error ?? 'Invalid code';
      } catch {
        error.value = 'Network error, try again';
      }
      busy.value = false;
    }

    return () =>
      h('div', { class: 'vue-app' }, [
        h('h1', 'Two-factor authentication'),
        h('p', { id: 'instructions' }, `Enter the ${props.digits}-digit code from your authenticator app`),
        error.value ? h('p', { role: 'alert', id: 'error' }, error.value) : null,
        h('form', { onSubmit }, [
          h('label', { for: 'vue-code' }, 'Authentication code'),
          h('input', {
            id: 'vue-code',
            name: 'code',
            type: 'text',
            inputmode: 'numeric',
            autocomplete: 'one-time-code',
            maxlength: props.digits,
            value: code.value,
            onInput: (e: Event) => {
              code.value = (e.target as HTMLInputElement).value;
            },
          }),
          h('button', { type: 'submit', disabled: busy.value }, 'Verify'),
        ]),
        h('p', { class: 'muted' }, [h('a', { href: '/2fa?variant=recovery' }, 'Use a recovery code instead')]),
      ]);
  },
});

const root = document.getElementById('root');
if (root) {
  const digits = Number(root.dataset.digits) || 6;
  setTimeout(() => createApp(VueTwoFactorForm, { digits }).mount(root), 300);
}
