import { LoadingView } from "@/components/ui/loading-view";

export default function Loading() {
  return <LoadingView />;
}
