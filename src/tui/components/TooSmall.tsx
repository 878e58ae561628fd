import React from "react";
import { Text } from "ink";

export function TooSmall({ message }: { message: string }): React.JSX.Element {
  return <Text wrap="wrap">{`layerscope: ${message}. Enlarge the window, or press q to quit.`}</Text>;
}
