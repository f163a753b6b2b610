import { SpecError, compile } from '../engine/index.ts';
import { NetworkLayout, isChannelSpec, network } from '../network/index.ts';
import type { ChannelSpec, NetworkSpec } from '../network/index.ts';
import type { ParamValue, Protocol } from '../spec/index.ts';
import { parseNetworkOption } from './parse.ts';

/**
 * The network that `--network` options ask for. An option for the default (`fifo`, or
 * `default=fifo`) replaces the spec's network entirely, links and all. Without one, the
 * per-link options are laid over the spec's own network (evaluated with the run's
 * parameters): every link a command-line key matches (`a->b`, `a->*`, `*->b`) takes the
 * command line's channel, whatever the spec says for it; the other links keep the spec's.
 */
export function networkFromOptions(
  protocol: Protocol,
  params: Readonly<Record<string, ParamValue>>,
  options: readonly string[],
  file?: string,
): NetworkSpec | undefined {
  if (options.length === 0) return undefined;
  let fallback: ChannelSpec | undefined;
  const links: Record<string, ChannelSpec> = {};
  for (const text of options) {
    const { link, channel } = parseNetworkOption(text);
    if (link === 'default') fallback = channel;
    else links[link] = channel;
  }
  if (fallback) return Object.keys(links).length ? { ...links, default: fallback } : fallback;
  const model = compile(protocol, { params, file });
  try {
    new NetworkLayout(model.names, { ...links, default: network.fifo() }); // reports keys naming unknown processes
  } catch (e) {
    const err = new SpecError((e as Error).message);
    err.file = file;
    throw err;
  }
  const n = protocol.spec.network;
  const base = (typeof n === 'function' ? n(model.params) : n) ?? network.fifo();
  const out: Record<string, ChannelSpec> = isChannelSpec(base) ? { default: base } : { ...base };
  for (const from of model.names) {
    for (const to of model.names) {
      const c = links[`${from}->${to}`] ?? links[`${from}->*`] ?? links[`*->${to}`];
      if (c) out[`${from}->${to}`] = c;
    }
  }
  return out as NetworkSpec;
}
