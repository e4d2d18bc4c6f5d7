'use client';

import { theme } from 'antd';
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { type ECharts, type EChartsCoreOption, init, use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

// Tree-shaken: only the charts and components 分析 draws (this file is loaded through next/dynamic by the
// 分析 page alone, so no other page ships ECharts).
use([BarChart, LineChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export type EChartClick = { dataIndex: number; seriesIndex: number };

/**
 * One Apache ECharts chart themed from the antd tokens (palette, text, axis and split lines, font), resized
 * with its card (a phone's width included). `onClick` receives the clicked item: 分析 drills into its requests.
 */
export function EChart({
  option,
  height = 280,
  onClick,
  testId,
}: {
  option: EChartsCoreOption;
  height?: number;
  onClick?: (item: EChartClick) => void;
  testId?: string;
}) {
  const ref = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const clickRef = useRef(onClick);
  clickRef.current = onClick;
  const { token } = theme.useToken();

  useEffect(() => {
    if (!ref.current) return;
    const instance = init(ref.current, undefined, { renderer: 'canvas' });
    chart.current = instance;
    // Drawn, animations included: tests and screenshots wait for this state, not for time.
    instance.on('finished', () => {
      if (ref.current) ref.current.dataset.rendered = 'true';
    });
    instance.on('click', (p) => {
      const e = p as unknown as EChartClick;
      clickRef.current?.({ dataIndex: e.dataIndex, seriesIndex: e.seriesIndex });
    });
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(ref.current);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, []);

  useEffect(() => {
    if (ref.current) ref.current.dataset.rendered = 'false';
    const axis = {
      axisLine: { lineStyle: { color: token.colorBorder } },
      axisLabel: { color: token.colorTextSecondary, hideOverlap: true },
      splitLine: { lineStyle: { color: token.colorBorderSecondary } },
    };
    const withAxis = (a: unknown) => (a && typeof a === 'object' ? { ...axis, ...a } : axis);
    chart.current?.setOption(
      {
        color: [
          token.colorPrimary,
          token.colorWarning,
          token.colorSuccess,
          token.colorError,
          token.colorInfo,
        ],
        textStyle: { color: token.colorText, fontFamily: token.fontFamily },
        grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0, textStyle: { color: token.colorText } },
        tooltip: {
          trigger: 'axis',
          backgroundColor: token.colorBgElevated,
          borderColor: token.colorBorder,
          textStyle: { color: token.colorText },
          confine: true,
        },
        ...option,
        xAxis: withAxis(option.xAxis),
        yAxis: withAxis(option.yAxis),
      },
      { notMerge: true },
    );
  }, [option, token]);

  return <div ref={ref} data-testid={testId} style={{ width: '100%', height }} />;
}
