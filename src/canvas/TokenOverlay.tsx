import { memo, useEffect, useRef } from 'react';
import { useStoreApi as useFlowStoreApi } from '@xyflow/react';
import { useStoreApi } from '../store';
import { getOverlay } from './overlay';
import { createRequestLayer } from './request-layer';
import './overlay.css';

/**
 * The canvas that draws request tokens and traffic over the design (and a second one over it
 * for labels that change seldom). Rendered inside React Flow (a child of `Canvas`) so it can
 * reach React Flow's store; it renders once and never again: everything it shows is drawn by
 * the overlay loop outside React.
 */
export const TokenOverlay = memo(function TokenOverlay() {
  const store = useStoreApi();
  const flow = useFlowStoreApi();
  const ref = useRef<HTMLCanvasElement>(null);
  const stillRef = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const overlay = getOverlay(store);
    const detach = overlay.attach(canvas, flow, stillRef.current ?? undefined);
    const remove = overlay.add(createRequestLayer(store));
    return () => {
      remove();
      detach();
    };
  }, [store, flow]);

  // Two canvases: one redrawn every frame (tokens), one over it kept between frames (labels).
  return (
    <>
      <canvas ref={ref} className="ab-token-overlay" aria-hidden="true" />
      <canvas ref={stillRef} className="ab-token-overlay" aria-hidden="true" />
    </>
  );
});
